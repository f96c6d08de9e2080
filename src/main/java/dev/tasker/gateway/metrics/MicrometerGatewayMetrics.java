package dev.tasker.gateway.metrics;

import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.execution.StepObserver;
import dev.tasker.gateway.execution.StepRejectedException;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.StepResultStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway's metrics on a Micrometer Prometheus registry: steps (a {@link StepObserver}), the
 * {@link GatewayMetrics} facade for plugins, events and webhooks, JVM and process metrics. Label values
 * are bounded: handler names come from the registry (a step for an unknown handler never gets here),
 * non-standard {@code error_type}s are reported as {@code other}. Thread-safe.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics, StepObserver, AutoCloseable {

    private static final Duration[] STEP_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final BoundedLabels handlers = new BoundedLabels(256);
    private final BoundedLabels publishers = new BoundedLabels(64);
    private final BoundedLabels endpoints = new BoundedLabels(128);
    private final BoundedLabels outcomes = new BoundedLabels(16);
    // the meters of every request and step, found by their labels instead of built and registered each time
    // (a builder, its tags and the registry's lookup per call were ~4 % of a step's samples); the labels are
    // bounded, so are these maps
    private final Map<HttpLabels, Timer> httpTimers = new ConcurrentHashMap<>();
    private final Map<StepLabels, Counter> stepCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> stepTimers = new ConcurrentHashMap<>();
    private final Map<DeliveryLabels, Counter> deliveryCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> deliveryTimers = new ConcurrentHashMap<>();

    private record HttpLabels(String method, String route, int status) {
    }

    private record StepLabels(String handler, String status, String errorType) {
    }

    private record DeliveryLabels(String endpoint, String outcome) {
    }

    public MicrometerGatewayMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Counter.builder("gateway.admission.rejections").description("Steps refused with 503 (too many in flight)")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** Reports {@code gateway_steps_in_flight} from the executor. */
    public void stepsInFlight(IntSupplier inFlight) {
        Gauge.builder("gateway.steps.in.flight", inFlight::getAsInt)
                .description("Steps holding an admission permit").register(registry);
    }

    /** One HTTP request answered (called by {@link HttpMetricsListener}). */
    void httpRequest(String method, String route, int status, long nanos) {
        httpTimers.computeIfAbsent(new HttpLabels(method, route, status), labels ->
                Timer.builder("http.server.requests").description("HTTP requests by route template and status")
                        .tag("method", labels.method()).tag("route", labels.route())
                        .tag("status", Integer.toString(labels.status()))
                        .serviceLevelObjectives(STEP_BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void stepExecuted(ExecutedStep executed) {
        String handler = handlers.value(executed.handler().name());
        if (executed.replayed()) {
            Counter.builder("gateway.steps.replayed").description("Steps answered from the idempotency store")
                    .tag("handler", handler).register(registry).increment();
            return;
        }
        StepExecutionResult result = executed.result();
        String status = StepResultStatus.fromWire(result.normalizedStatus()).map(StepResultStatus::wire)
                .orElse(BoundedLabels.OTHER);
        stepCounters.computeIfAbsent(new StepLabels(handler, status, errorTypeLabel(result.errorType())), labels ->
                Counter.builder("gateway.steps").description("Steps executed, by handler, status and error_type")
                        .tag("handler", labels.handler()).tag("status", labels.status())
                        .tag("error_type", labels.errorType()).register(registry))
                .increment();
        stepTimers.computeIfAbsent(handler, name -> Timer.builder("gateway.step.duration")
                        .description("Step execution time per handler").tag("handler", name)
                        .serviceLevelObjectives(STEP_BUCKETS).register(registry))
                .record(result.metadata().executionTimeMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stepRejected(String handlerName, StepRejectedException rejection) {
        registry.counter("gateway.admission.rejections").increment();
    }

    @Override
    public void undeclaredErrorCode(String handlerName, String errorCode) {
        Counter.builder("gateway.undeclared.error.codes")
                .description("Error codes answered by a handler that its declared error catalog does not list")
                .tag("handler", handlers.value(handlerName)).register(registry).increment();
    }

    @Override
    public void pluginFailures(IntSupplier current) {
        Gauge.builder("gateway.plugin.load.failures", current::getAsInt)
                .description("Plugin jars or classes that failed to load, in the active plugin set").register(registry);
    }

    @Override
    public void eventPublished(String publisher) {
        event(publisher, "published");
    }

    @Override
    public void eventSkipped(String publisher) {
        event(publisher, "skipped");
    }

    @Override
    public void eventFailed(String publisher) {
        event(publisher, "failed");
    }

    @Override
    public void outboxDepth(LongSupplier depth) {
        Gauge.builder("gateway.outbox.depth", () -> {
            try {
                return depth.getAsLong();
            } catch (RuntimeException unreadable) {
                return Double.NaN;
            }
        })
                .description("Outbox entries not yet delivered").register(registry);
    }

    @Override
    public void deliveryAttempted(String endpoint, String outcome, Duration latency) {
        String endpointLabel = endpoints.value(endpoint);
        deliveryCounters.computeIfAbsent(new DeliveryLabels(endpointLabel, outcomes.value(outcome)), labels ->
                Counter.builder("gateway.webhook.delivery.attempts").description("Webhook delivery attempts")
                        .tag("endpoint", labels.endpoint()).tag("outcome", labels.outcome()).register(registry))
                .increment();
        deliveryTimers.computeIfAbsent(endpointLabel, name -> Timer.builder("gateway.webhook.delivery.latency")
                        .description("Webhook delivery attempt latency").tag("endpoint", name)
                        .serviceLevelObjectives(STEP_BUCKETS).register(registry))
                .record(latency == null ? Duration.ZERO : latency);
    }

    private void event(String publisher, String outcome) {
        Counter.builder("gateway.events").description("Events by publisher and outcome")
                .tag("publisher", publishers.value(publisher)).tag("outcome", outcome)
                .register(registry).increment();
    }

    static String errorTypeLabel(String errorType) {
        if (errorType == null || errorType.isEmpty()) {
            return BoundedLabels.NONE;
        }
        return ErrorTypes.isStandard(errorType) ? errorType : BoundedLabels.OTHER;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
