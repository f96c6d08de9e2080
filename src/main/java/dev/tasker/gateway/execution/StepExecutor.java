package dev.tasker.gateway.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepFailureException;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.model.StepExecutionError;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.InputViolation;
import dev.tasker.gateway.registry.RegisteredHandler;
import dev.tasker.gateway.registry.UnknownResolverException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one step: resolves its handler, admits it, runs the handler on its own thread under the step's
 * deadline, turns whatever happened into a {@link StepExecutionResult} (contract 1.3), fills the fields the
 * gateway owns (contract 1.2), checks the result survives a strict JSON round trip, and tells the
 * observers. Thread-safe.
 */
public final class StepExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);
    /** Resolutions of a step whose plugin is unloaded under it, before it is refused as overloaded. */
    private static final int MAX_RESOLVE_TRIES = 8;
    /** About 68 years: any larger {@code timeout_seconds} overflows a millisecond count. */
    private static final long MAX_TIMEOUT_SECONDS = Integer.MAX_VALUE;

    private final ActiveRegistry registries;
    private final ExecutionSettings settings;
    private final ObjectMapper mapper;
    private final Admission admission;
    private final FailureResults failures;
    private final StepNormalizer normalizer = new StepNormalizer();
    private final List<StepObserver> observers;
    private final ExecutorService threads = HandlerThreads.create("step-handler-");
    /** Where whole step requests wait for their handler, off the HTTP server's few worker threads. */
    private final ExecutorService requestThreads;
    private final HandlerUsage usage;
    private final ErrorCatalogCheck catalog;

    public StepExecutor(ActiveRegistry registries, ExecutionSettings settings, ObjectMapper mapper,
                        List<StepObserver> observers) {
        this(registries, settings, mapper, observers, HandlerUsage.NONE);
    }

    /** @param usage keeps a handler's code loaded while a step runs on it (plugin jars) */
    public StepExecutor(ActiveRegistry registries, ExecutionSettings settings, ObjectMapper mapper,
                        List<StepObserver> observers, HandlerUsage usage) {
        this(registries, settings, mapper, observers, usage, null);
    }

    /**
     * @param requestThreadFactory makes the platform threads whole step requests wait on (and their answers are
     *                             written from), when the JVM has no virtual threads; null for plain threads
     */
    public StepExecutor(ActiveRegistry registries, ExecutionSettings settings, ObjectMapper mapper,
                        List<StepObserver> observers, HandlerUsage usage, ThreadFactory requestThreadFactory) {
        this.requestThreads = HandlerThreads.create("step-request-", requestThreadFactory);
        this.usage = Objects.requireNonNull(usage, "usage");
        this.registries = Objects.requireNonNull(registries, "registries");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.admission = new Admission(settings.maxInFlight(), settings.maxInFlightPerHandler());
        this.failures = new FailureResults(settings.backtraceLines());
        this.observers = List.copyOf(observers);
        this.catalog = new ErrorCatalogCheck(this.observers);
    }

    /**
     * Executes a full or partial step.
     *
     * @throws InvalidStepException     when the step names no handler
     * @throws HandlerNotFoundException when no handler has that name (or no resolver resolves it), the
     *                                  method is not one of the handler's, or the resolver is unknown
     * @throws StepOverloadedException  when the in-flight bound is reached
     */
    public ExecutedStep execute(TaskSequenceStep request) {
        TaskSequenceStep step = normalizer.normalize(request);
        return execute(step, resolve(step));
    }

    /**
     * The handler a normalized step runs on, from the registry active now: through the resolver chain, its
     * method checked.
     *
     * @throws HandlerNotFoundException       when nothing resolves the step's handler name
     * @throws HandlerMethodNotFoundException when the handler has no such method
     * @throws HandlerResolverNotFoundException when {@code handler.resolver} names no resolver
     */
    public RegisteredHandler resolve(TaskSequenceStep step) {
        String name = step.handlerName();
        if (name == null) {
            throw new HandlerNotFoundException(null);
        }
        HandlerDefinition declared = step.stepDefinition() == null ? null : step.stepDefinition().handler();
        HandlerDefinition definition = declared == null ? new HandlerDefinition(name, null, null, Map.of())
                : new HandlerDefinition(name, declared.method(), declared.resolver(), declared.initialization());
        RegisteredHandler handler;
        try {
            handler = registries.current().resolveHandler(definition).orElseThrow(() -> notFound(definition));
        } catch (UnknownResolverException e) {
            throw new HandlerResolverNotFoundException(name, e.resolver(), e.getMessage());
        }
        String method = methodOf(step);
        if (!handler.descriptor().hasMethod(method)) {
            throw new HandlerMethodNotFoundException(handler.name(), method, handler.descriptor().methods());
        }
        return handler;
    }

    private static HandlerNotFoundException notFound(HandlerDefinition definition) {
        String resolver = definition.resolver();
        return resolver == null || resolver.isBlank() ? new HandlerNotFoundException(definition.callable())
                : new HandlerNotFoundException(definition.callable(), "resolver '" + resolver
                        + "' does not resolve '" + definition.callable() + "'");
    }

    /** {@code step_definition.handler.method}, or {@value StepHandler#DEFAULT_METHOD} when absent or blank. */
    static String methodOf(TaskSequenceStep step) {
        String method = step.stepDefinition() == null || step.stepDefinition().handler() == null ? null
                : step.stepDefinition().handler().method();
        return method == null || method.isBlank() ? StepHandler.DEFAULT_METHOD : method;
    }

    /** Fills missing ids of a partial step (see {@link StepNormalizer}). */
    public TaskSequenceStep normalize(TaskSequenceStep request) {
        return normalizer.normalize(request);
    }

    /**
     * Executes a normalized step on the given handler. Should that handler's plugin have been unloaded since
     * it was resolved, the step runs on the handler the active registry names now.
     */
    public ExecutedStep execute(TaskSequenceStep step, RegisteredHandler resolved) {
        RegisteredHandler handler = resolved;
        HandlerUsage.Use use = usage.begin(handler).orElse(null);
        for (int tries = 1; use == null; tries++) {
            if (tries > MAX_RESOLVE_TRIES) {
                throw new StepOverloadedException("handler '" + handler.name() + "' is being reloaded", 1);
            }
            handler = resolve(step);
            use = usage.begin(handler).orElse(null);
        }
        // held by this thread until the result is final and by the handler's thread until the call returns
        Runnable endUse = endAfter(2, use);
        try {
            return execute(step, handler, endUse);
        } finally {
            endUse.run();
        }
    }

    private ExecutedStep execute(TaskSequenceStep step, RegisteredHandler handler, Runnable endUse) {
        if (handler.inputSchema().checksAnything()) {
            ExecutedStep refused = refuseInvalidInput(step, handler);
            if (refused != null) {
                endUse.run(); // the handler's thread never starts
                return refused;
            }
        }
        Admission.Permit permit;
        try {
            permit = admission.acquire(handler.name());
        } catch (RuntimeException e) {
            endUse.run();
            if (e instanceof StepOverloadedException overloaded) {
                observers.forEach(observer -> observer.stepRejected(handler.name(), overloaded));
            }
            throw e;
        }
        UUID stepUuid = step.workflowStep().workflowStepUuid();
        Duration timeout = timeoutOf(step);
        StepContext context = new StepContext(step, timeout);
        Map<String, String> mdc = MDC.getCopyOfContextMap();

        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        // whoever claims first owns the release of the permit and the use: the handler's thread when it starts,
        // or this thread when the call is cancelled before it ever started
        AtomicBoolean claimed = new AtomicBoolean();
        Future<StepExecutionResult> call;
        try {
            call = threads.submit(() -> claimed.compareAndSet(false, true)
                    ? invoke(handler, context, stepUuid, permit, endUse, mdc) : null);
        } catch (RejectedExecutionException e) {
            permit.release();
            endUse.run();
            throw new StepOverloadedException("the gateway is shutting down", 1);
        }

        StepExecutionResult raw;
        try {
            raw = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancel(call, claimed, permit, endUse);
            raw = failures.timeout(stepUuid, handler.name(), timeout);
        } catch (InterruptedException e) {
            cancel(call, claimed, permit, endUse);
            Thread.currentThread().interrupt();
            raw = failures.timeout(stepUuid, handler.name(), Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (ExecutionException e) {
            raw = failures.fromThrowable(stepUuid, handler.name(), e.getCause());
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        ExecutedStep executed = finish(step, raw, stepUuid, handler, started, elapsedMs);
        notifyObservers(executed);
        return executed;
    }

    /** The {@code INPUT_INVALID} answer when the step does not match the handler's input schema, else null. */
    private ExecutedStep refuseInvalidInput(TaskSequenceStep step, RegisteredHandler handler) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        List<InputViolation> violations = handler.inputSchema().violations(step);
        if (violations.isEmpty()) {
            return null;
        }
        UUID stepUuid = step.workflowStep().workflowStepUuid();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        ExecutedStep executed = finish(step, failures.inputInvalid(stepUuid, handler.name(), violations), stepUuid,
                handler, started, elapsedMs);
        notifyObservers(executed);
        return executed;
    }

    /** Interrupts the handler's thread (a FutureTask's cancel does), or releases for a call that never started. */
    private static void cancel(Future<StepExecutionResult> call, AtomicBoolean claimed, Admission.Permit permit,
                               Runnable endUse) {
        call.cancel(true);
        if (claimed.compareAndSet(false, true)) {
            permit.release();
            endUse.run();
        }
    }

    /** Steps holding an admission permit now. */
    public int inFlight() {
        return admission.inFlight();
    }

    private StepExecutionResult invoke(RegisteredHandler handler, StepContext context, UUID stepUuid,
                                       Admission.Permit permit, Runnable endUse, Map<String, String> mdc) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        // a plugin's libraries find the plugin's own resources through the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader contextLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(handler.handler().getClass().getClassLoader());
        try {
            String method = methodOf(context.step());
            StepExecutionResult result = method.equals(StepHandler.DEFAULT_METHOD) ? handler.handler().call(context)
                    : handler.handler().invoke(method, context);
            if (result == null) {
                return failures.returnedNull(stepUuid, handler.name());
            }
            catalog.check(handler, result.errorCode());
            return result;
        } catch (Throwable thrown) {
            if (thrown instanceof StepFailureException failure) {
                catalog.check(handler, failure.errorCode());
            }
            return failures.fromThrowable(stepUuid, handler.name(), thrown);
        } finally {
            thread.setContextClassLoader(contextLoader);
            permit.release();
            endUse.run();
            MDC.clear();
        }
    }

    /** Ends {@code use} on the {@code holders}-th call; later calls do nothing. */
    private static Runnable endAfter(int holders, HandlerUsage.Use use) {
        AtomicInteger remaining = new AtomicInteger(holders);
        return () -> {
            if (remaining.decrementAndGet() == 0) {
                use.end();
            }
        };
    }

    /** The deadline a step runs under: {@code timeout_seconds} when positive, else the default. */
    public Duration deadlineOf(TaskSequenceStep step) {
        return timeoutOf(step);
    }

    /** {@code timeout_seconds} when positive (capped so it stays a valid millisecond count), else the default. */
    private Duration timeoutOf(TaskSequenceStep step) {
        Long seconds = step.stepDefinition() == null ? null : step.stepDefinition().timeoutSeconds();
        return seconds != null && seconds > 0 ? Duration.ofSeconds(Math.min(seconds, MAX_TIMEOUT_SECONDS))
                : settings.defaultTimeout();
    }

    /**
     * Contract 1.2: the gateway owns step_uuid, timing, worker fields and the handler version. Then the contract
     * check: the result is written as JSON once, and those bytes are what is stored and answered; a result of
     * anything but {@link PlainResult plain values} is also read back from them (strictly, as a replay will),
     * and that reading is the result observers and events see. A result that cannot be written or read
     * becomes {@code HANDLER_RESULT_INVALID}.
     */
    private ExecutedStep finish(TaskSequenceStep step, StepExecutionResult raw, UUID stepUuid,
                                RegisteredHandler handler, Instant started, long elapsedMs) {
        StepExecutionResult result = ownFields(raw, stepUuid, handler, started, elapsedMs);
        try {
            byte[] json = mapper.writeValueAsBytes(result);
            StepExecutionResult wire = PlainResult.isPlain(result) ? result
                    : mapper.readValue(json, StepExecutionResult.class);
            return new ExecutedStep(step, handler, wire, false, json);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            LOG.warn("handler '{}' returned a result that is not valid contract JSON: {}", handler.name(), reason);
            return new ExecutedStep(step, handler, ownFields(failures.invalidResult(stepUuid, handler.name(), reason),
                    stepUuid, handler, started, elapsedMs), false);
        }
    }

    private StepExecutionResult ownFields(StepExecutionResult raw, UUID stepUuid, RegisteredHandler handler,
                                          Instant started, long elapsedMs) {
        Instant startedAt = started.truncatedTo(ChronoUnit.MICROS);
        Instant completedAt = startedAt.plusMillis(elapsedMs);
        StepExecutionError error = raw.error() == null ? null : raw.error().withRetryable(raw.isRetryable());
        return new StepExecutionResult(stepUuid, raw.success(), raw.result(),
                raw.metadata().withExecution(elapsedMs, startedAt, completedAt, settings.workerId(),
                        settings.workerHostname(), handler.version()),
                raw.normalizedStatus(), error, raw.orchestrationMetadata());
    }

    private void notifyObservers(ExecutedStep executed) {
        for (StepObserver observer : observers) {
            try {
                observer.stepExecuted(executed);
            } catch (RuntimeException e) {
                LOG.error("step observer {} failed for step {}", observer.getClass().getName(),
                        executed.result().stepUuid(), e);
            }
        }
    }

    /**
     * The threads step requests wait on (virtual on Java 21+), so the HTTP server's small worker pool never
     * blocks on a handler. Rejects work once the executor is closed.
     */
    public Executor requestThreads() {
        return requestThreads;
    }

    @Override
    public void close() {
        requestThreads.shutdownNow();
        threads.shutdownNow();
    }
}
