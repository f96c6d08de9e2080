package dev.tasker.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.PluginSources;
import dev.tasker.gateway.testing.PrometheusText;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsTest {

    static final String ECHO = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";
    static final String REFUSE = "{\"step_definition\":{\"handler\":{\"callable\":\"refuse\"}}}";
    static final String ODD = "{\"step_definition\":{\"handler\":{\"callable\":\"odd_failure\"}}}";
    static final String BLOCK = "{\"step_definition\":{\"handler\":{\"callable\":\"block\"}}}";

    static final CountDownLatch blockStarted = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);
    static TestGateway gateway;

    /** Fails every step permanently. */
    static final class RefuseHandler implements StepHandler {
        @Override
        public String name() {
            return "refuse";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            throw new PermanentStepException("no, never", "NEVER");
        }
    }

    /** Fails with an error_type of its own invention (free text must not become a label value). */
    static final class OddFailureHandler implements StepHandler {
        @Override
        public String name() {
            return "odd_failure";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            return StepExecutionResult.failure(context.stepUuid(), "odd", "ODD", "SomethingVeryCustom_" + System.nanoTime(),
                    false, 0, Map.of());
        }
    }

    /** Holds its step until released, so a step is in flight. */
    static final class BlockHandler implements StepHandler {
        @Override
        public String name() {
            return "block";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            blockStarted.countDown();
            release.await(60, TimeUnit.SECONDS);
            return StepExecutionResult.success(context.stepUuid(), Map.of());
        }
    }

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("max_in_flight_per_handler", "1"),
                new RefuseHandler(), new OddFailureHandler(), new BlockHandler());
    }

    @AfterAll
    static void stop() {
        release.countDown();
        gateway.close();
    }

    static PrometheusText scrape() {
        HttpResponse<String> response = gateway.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        return PrometheusText.parse(response.body());
    }

    @Test
    void countersMoveByExactlyTheStepsAndRequestsMade() throws InterruptedException {
        PrometheusText before = scrape();

        for (int i = 0; i < 3; i++) {
            assertThat(gateway.postJson("/v1/steps", ECHO).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.postJson("/v1/steps", REFUSE).statusCode()).isEqualTo(200);
        }
        assertThat(gateway.postJson("/v1/steps", ODD).statusCode()).isEqualTo(200);
        assertThat(gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"no_such_handler_x\"}}}")
                .statusCode()).isEqualTo(404);
        assertThat(gateway.get("/v1/handlers/echo").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/v1/handlers/nope_y").statusCode()).isEqualTo(404);
        assertThat(gateway.get("/scanner/probe_z").statusCode()).isEqualTo(404);

        // a request's HTTP metric is recorded when Jersey finishes it, which may be just after its client has
        // the answer: wait (bounded) until the last request of the list above is counted, then compare
        PrometheusText after = scrape();
        for (int i = 0; i < 100 && delta(before, after, "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "none", "status", "404")) < 1; i++) {
            Thread.sleep(20);
            after = scrape();
        }

        assertThat(delta(before, after, "gateway_steps_total",
                Map.of("handler", "echo", "status", "completed", "error_type", "none"))).isEqualTo(3);
        assertThat(delta(before, after, "gateway_steps_total",
                Map.of("handler", "refuse", "status", "failed", "error_type", "permanent_error"))).isEqualTo(2);
        assertThat(delta(before, after, "gateway_steps_total",
                Map.of("handler", "odd_failure", "status", "failed", "error_type", "other"))).isEqualTo(1);
        assertThat(delta(before, after, "gateway_step_duration_seconds_count", Map.of("handler", "echo"))).isEqualTo(3);
        assertThat(delta(before, after, "gateway_step_duration_seconds_bucket", Map.of("handler", "echo", "le", "+Inf")))
                .isEqualTo(3);
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                Map.of("method", "POST", "route", "/v1/steps", "status", "200"))).isEqualTo(6);
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                Map.of("method", "POST", "route", "/v1/steps", "status", "404"))).isEqualTo(1);
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/v1/handlers/{name}", "status", "200"))).isEqualTo(1);
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/v1/handlers/{name}", "status", "404"))).isEqualTo(1);
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "none", "status", "404"))).isEqualTo(1);

        assertThat(after.samples()).as("request data never becomes a label value")
                .allSatisfy(sample -> assertThat(sample.labels().values())
                        .noneMatch(v -> v.contains("no_such_handler_x") || v.contains("nope_y")
                                || v.contains("SomethingVeryCustom") || v.contains("probe_z")));
        assertThat(after.types()).containsEntry("gateway_steps_total", "counter")
                .containsEntry("gateway_step_duration_seconds", "histogram")
                .containsEntry("http_server_requests_seconds", "histogram");
    }

    @Test
    void inFlightGaugeAndAdmissionRejectionsFollowABlockedHandler() throws Exception {
        PrometheusText before = scrape();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> gateway.postJson("/v1/steps", BLOCK));
        assertThat(blockStarted.await(30, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = gateway.postJson("/v1/steps", BLOCK);
        PrometheusText during = scrape();
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        PrometheusText after = scrape();

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(during.value("gateway_steps_in_flight", Map.of())).isEqualTo(1);
        assertThat(after.value("gateway_steps_in_flight", Map.of())).isEqualTo(0);
        assertThat(delta(before, after, "gateway_admission_rejections_total", Map.of())).isEqualTo(1);
        assertThat(delta(before, after, "http_server_requests_seconds_count",
                Map.of("route", "/v1/steps", "status", "503"))).isEqualTo(1);
    }

    @Test
    void jvmAndProcessMetricsArePresent() {
        PrometheusText metrics = scrape();

        List<String> names = metrics.samples().stream().map(PrometheusText.Sample::name).distinct().toList();
        assertThat(names).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "process_uptime_seconds", "process_start_time_seconds", "system_cpu_count",
                "process_files_open_files", "jvm_info", "gateway_plugin_load_failures");
        assertThat(metrics.value("gateway_plugin_load_failures", Map.of())).isZero();
    }

    @Test
    void pluginLoadFailureGaugeCountsTheBrokenJarsOfThePluginsFolder() throws Exception {
        Path plugins = Files.createTempDirectory("plugins");
        PluginJarBuilder.create()
                .source("plugin.good.Hello", PluginSources.handler("plugin.good.Hello", "plugin-hello", "1.0.0"))
                .service(StepHandler.class, "plugin.good.Hello")
                .writeTo(plugins.resolve("good.jar"));
        PluginJarBuilder.writeNotAZip(plugins.resolve("not-a-zip.jar"));
        PluginJarBuilder.create()
                .service(StepHandler.class, "plugin.missing.DoesNotExist")
                .writeTo(plugins.resolve("missing-class.jar"));

        try (TestGateway withPlugins = TestGateway.start(Map.of("plugins_dir", plugins.toString()))) {
            assertThat(PrometheusText.parse(withPlugins.get("/metrics").body())
                    .value("gateway_plugin_load_failures", Map.of())).isEqualTo(2);

            Files.delete(plugins.resolve("not-a-zip.jar"));
            assertThat(withPlugins.postJson("/v1/plugins/reload", "").statusCode()).isEqualTo(200);

            assertThat(PrometheusText.parse(withPlugins.get("/metrics").body())
                    .value("gateway_plugin_load_failures", Map.of())).isEqualTo(1);
        }
    }

    @Test
    void facadeCountersReachTheScrapeWithBoundedLabels() {
        MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics();
        metrics.pluginFailures(() -> 2);
        metrics.eventPublished("default");
        metrics.eventPublished("default");
        metrics.eventSkipped("default");
        metrics.outboxDepth(() -> 7);
        metrics.deliveryAttempted("orders", "delivered", java.time.Duration.ofMillis(20));
        metrics.deliveryAttempted("orders", "blocked", java.time.Duration.ZERO);
        for (int i = 0; i < 300; i++) {
            metrics.deliveryAttempted("endpoint-" + i, "failed", java.time.Duration.ofMillis(1));
        }

        PrometheusText text = PrometheusText.parse(metrics.scrape());
        metrics.close();

        assertThat(text.value("gateway_plugin_load_failures", Map.of())).isEqualTo(2);
        assertThat(text.value("gateway_events_total", Map.of("publisher", "default", "outcome", "published"))).isEqualTo(2);
        assertThat(text.value("gateway_events_total", Map.of("publisher", "default", "outcome", "skipped"))).isEqualTo(1);
        assertThat(text.value("gateway_outbox_depth", Map.of())).isEqualTo(7);
        assertThat(text.value("gateway_webhook_delivery_attempts_total",
                Map.of("endpoint", "orders", "outcome", "blocked"))).isEqualTo(1);
        assertThat(text.value("gateway_webhook_delivery_latency_seconds_count", Map.of("endpoint", "orders"))).isEqualTo(2);
        long endpointSeries = text.samples().stream()
                .filter(s -> s.name().equals("gateway_webhook_delivery_attempts_total"))
                .map(s -> s.labels().get("endpoint")).distinct().count();
        assertThat(endpointSeries).isLessThanOrEqualTo(129);
        assertThat(text.value("gateway_webhook_delivery_attempts_total", Map.of("endpoint", "other", "outcome", "failed")))
                .isGreaterThan(0);
    }

    static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
