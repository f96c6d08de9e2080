package dev.tasker.gateway.examples;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tasker.gateway.testing.LocalHttpServer;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Contract 1.4 row by row: the {@code http_request} example, run by a real gateway, calling a real local
 * HTTP server that answers each status.
 */
class HttpRequestClassificationTest {

    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
    private static TestGateway gateway;
    private static LocalHttpServer downstream;
    private static LocalHttpServer otherOrigin;

    @BeforeAll
    static void start() {
        downstream = LocalHttpServer.start()
                .route("/status/", HttpRequestClassificationTest::status)
                .route("/echo", HttpRequestClassificationTest::echo)
                .route("/redirect", exchange -> {
                    exchange.getResponseHeaders().set("Location", "/echo?redirected=yes");
                    LocalHttpServer.respond(exchange, 302, "text/plain", "moved");
                })
                .route("/bytes/", exchange -> {
                    int size = Integer.parseInt(exchange.getRequestURI().getPath().substring("/bytes/".length()));
                    LocalHttpServer.respond(exchange, 200, "text/plain", "x".repeat(size));
                })
                .route("/latin1", exchange -> {
                    byte[] body = "café".getBytes(StandardCharsets.ISO_8859_1);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                })
                .route("/slow", exchange -> {
                    try {
                        RELEASE_SLOW.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    LocalHttpServer.respond(exchange, 200, "text/plain", "too late");
                })
                .route("/stalled-body", exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/plain");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("the first part".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    try {
                        RELEASE_SLOW.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        otherOrigin = LocalHttpServer.start()
                .route("/away", exchange -> {
                    exchange.getResponseHeaders().set("Location", downstream.url("/echo?from=other"));
                    LocalHttpServer.respond(exchange, 307, "text/plain", "");
                });
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        RELEASE_SLOW.countDown();
        gateway.close();
        downstream.close();
        otherOrigin.close();
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}, retryable {2}")
    @CsvSource({
            "408, timeout,          true",
            "504, timeout,          true",
            "425, retryable_error,  true",
            "429, retryable_error,  true",
            "400, validation_error, false",
            "422, validation_error, false",
            "401, permanent_error,  false",
            "403, permanent_error,  false",
            "404, permanent_error,  false",
            "409, permanent_error,  false",
            "301, permanent_error,  false",
            "302, permanent_error,  false",
            "307, permanent_error,  false",
            "500, retryable_error,  true",
            "502, retryable_error,  true",
            "503, retryable_error,  true",
            "507, retryable_error,  true",
            "501, permanent_error,  false",
            "505, permanent_error,  false"})
    void statusFailuresFollowTheTable(int status, String errorType, boolean retryable) {
        String url = downstream.url("/status/" + status + "?error=" + encode("downstream said " + status)
                + "&secret=s3cr3t");
        JsonNode result = run(Map.of("url", url, "method", "POST"), Map.of("body", Map.of("id", 1)));

        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.at("/metadata/error_code").asText()).isEqualTo("HTTP_" + status);
        assertThat(result.at("/metadata/error_type").asText()).isEqualTo(errorType);
        assertThat(result.at("/metadata/retryable").asBoolean()).isEqualTo(retryable);
        assertThat(result.at("/error/error_type").asText()).isEqualTo(errorType);
        assertThat(result.at("/error/status_code").asInt()).isEqualTo(status);
        assertThat(result.at("/error/message").asText()).isEqualTo("HTTP " + status + ": downstream said " + status);
        assertThat(result.at("/metadata/context")).isEqualTo(json(Map.of("http_status", status, "method", "POST",
                "url", downstream.url("/status/" + status))));
        assertThat(result.toString()).doesNotContain("s3cr3t");
        assertThat(result.at("/orchestration_metadata/headers")).isEmpty();
        assertGatewayResult(result);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"200", "201", "202", "204"})
    void twoHundredsSucceedWithStatusHeadersAndBody(int status) {
        JsonNode result = run(Map.of("url", downstream.url("/status/" + status)), Map.of());

        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.at("/result/status_code").asInt()).isEqualTo(status);
        assertThat(result.at("/result/headers").isObject()).isTrue();
        if (status == 204) {
            assertThat(result.at("/result/body").isNull()).isTrue();
        } else {
            assertThat(result.at("/result/headers/content-type").asText()).isEqualTo("application/json");
            assertThat(result.at("/result/body")).isEqualTo(json(Map.of("ok", true, "status", status)));
        }
        assertGatewayResult(result);
    }

    @Nested
    class RetryAfter {

        @ParameterizedTest(name = "HTTP {0} + Retry-After: 30 -> {1}")
        @CsvSource({"429, RateLimit", "425, RateLimit", "503, ServiceUnavailable"})
        void secondsAreCopiedIntoHeadersAndTheBackoffHint(int status, String hintType) {
            JsonNode result = run(Map.of("url", downstream.url("/status/" + status + "?retry_after=30")), Map.of());

            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/orchestration_metadata/headers")).isEqualTo(json(Map.of("Retry-After", "30")));
            assertThat(result.at("/orchestration_metadata/backoff_hint/backoff_type").asText()).isEqualTo(hintType);
            assertThat(result.at("/orchestration_metadata/backoff_hint/delay_seconds").asLong()).isEqualTo(30);
            assertGatewayResult(result);
        }

        @Test
        void anHttpDateIsCopiedAsIsWithItsDelayInTheHint() {
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
            JsonNode result = run(Map.of("url", downstream.url("/status/429?retry_after=" + encode(date))), Map.of());

            assertThat(result.at("/orchestration_metadata/headers")).isEqualTo(json(Map.of("Retry-After", date)));
            assertThat(result.at("/orchestration_metadata/backoff_hint/backoff_type").asText()).isEqualTo("RateLimit");
            assertThat(result.at("/orchestration_metadata/backoff_hint/delay_seconds").asLong())
                    .isBetween(3000L, 3601L);
            assertGatewayResult(result);
        }

        @Test
        void isNotForwardedForAFailureThatIsNotRetried() {
            JsonNode result = run(Map.of("url", downstream.url("/status/404?retry_after=30")), Map.of());

            assertThat(result.at("/orchestration_metadata/headers")).isEmpty();
            assertThat(result.at("/orchestration_metadata/backoff_hint").isNull()).isTrue();
        }
    }

    @Nested
    class Transport {

        @Test
        void aRefusedConnectionIsARetryableConnectionError() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            JsonNode result = run(Map.of("url", "http://127.0.0.1:" + closedPort + "/orders?key=k"), Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("CONNECTION_ERROR");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("retryable_error");
            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/error").has("status_code")).isFalse();
            assertThat(result.at("/metadata/context/url").asText()).isEqualTo("http://127.0.0.1:" + closedPort + "/orders");
            assertGatewayResult(result);
        }

        @Test
        void anUnresolvableHostIsARetryableConnectionError() {
            JsonNode result = run(Map.of("url", "http://no-such-host.invalid/orders"), Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("CONNECTION_ERROR");
            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
        }

        @Test
        void aServerSlowerThanTheTimeoutIsARetryableHttpTimeout() {
            JsonNode result = run(Map.of("url", downstream.url("/slow"), "timeout_ms", 300), Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("HTTP_TIMEOUT");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("timeout");
            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/metadata/context/timeout_ms").asLong()).isEqualTo(300);
            assertGatewayResult(result);
        }

        /** The step deadline (5 s) is far past the client timeout, so only the client timeout can end this. */
        @Test
        void aServerThatSendsHeadersThenStallsTheBodyIsARetryableHttpTimeout() {
            JsonNode result = run(Map.of("url", downstream.url("/stalled-body"), "timeout_ms", 300), Map.of(), 5L);

            assertThat(result.at("/metadata/error_code").asText()).as(result.toString()).isEqualTo("HTTP_TIMEOUT");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("timeout");
            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/metadata/context/timeout_ms").asLong()).isEqualTo(300);
            assertGatewayResult(result);
        }
    }

    @Nested
    class Requests {

        @Test
        void postSendsTheTaskContextBodyAsJsonWithTheConfiguredHeaders() {
            JsonNode result = run(Map.of("url", downstream.url("/echo"), "method", "post",
                    "headers", Map.of("X-Api-Key", "k-123")), Map.of("body", Map.of("order_id", "ORD-1", "qty", 2)));

            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.at("/result/body/method").asText()).isEqualTo("POST");
            assertThat(result.at("/result/body/api_key").asText()).isEqualTo("k-123");
            assertThat(result.at("/result/body/content_type").asText()).isEqualTo("application/json");
            assertThat(result.at("/result/body/body")).isEqualTo(json(Map.of("order_id", "ORD-1", "qty", 2)));
        }

        @Test
        void getSendsNoBodyEvenWhenTheContextHasOne() {
            JsonNode result = run(Map.of("url", downstream.url("/echo")), Map.of("body", Map.of("ignored", true)));

            assertThat(result.at("/result/body/method").asText()).isEqualTo("GET");
            assertThat(result.at("/result/body/body").isNull()).isTrue();
        }

        @Test
        void patchSendsTheTaskContextBodyAsJson() {
            JsonNode result = run(Map.of("url", downstream.url("/echo"), "method", "PATCH"),
                    Map.of("body", Map.of("status", "shipped")));

            assertThat(result.at("/result/body/method").asText()).isEqualTo("PATCH");
            assertThat(result.at("/result/body/content_type").asText()).isEqualTo("application/json");
            assertThat(result.at("/result/body/body")).isEqualTo(json(Map.of("status", "shipped")));
        }

        @Test
        void deleteSendsNoBodyEvenWhenTheContextHasOne() {
            JsonNode result = run(Map.of("url", downstream.url("/echo"), "method", "DELETE"),
                    Map.of("body", Map.of("ignored", true)));

            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.at("/result/body/method").asText()).isEqualTo("DELETE");
            assertThat(result.at("/result/body/body").isNull()).isTrue();
            assertThat(result.at("/result/body/content_type").isNull()).isTrue();
        }

        @Test
        void aRedirectIsNotFollowedByDefault() {
            JsonNode result = run(Map.of("url", downstream.url("/redirect")), Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("HTTP_302");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("permanent_error");
            assertThat(result.at("/error/message").asText()).isEqualTo("HTTP 302: Found");
        }

        @Test
        void aRedirectIsFollowedWhenTheConfigSaysSoAndAPostBecomesAGet() {
            JsonNode result = run(Map.of("url", downstream.url("/redirect"), "method", "POST", "follow_redirects", true),
                    Map.of("body", Map.of("a", 1)));

            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.at("/result/body/method").asText()).isEqualTo("GET");
            assertThat(result.at("/result/body/query").asText()).isEqualTo("redirected=yes");
        }

        @Test
        void aFollowedRedirectToAnotherOriginKeepsTheMethodButNotTheHeaders() {
            JsonNode result = run(Map.of("url", otherOrigin.url("/away"), "method", "PUT", "follow_redirects", true,
                    "headers", Map.of("X-Api-Key", "k-123")), Map.of("body", Map.of("a", 1)));

            assertThat(result.at("/result/body/method").asText()).isEqualTo("PUT");
            assertThat(result.at("/result/body/query").asText()).isEqualTo("from=other");
            assertThat(result.at("/result/body/body")).isEqualTo(json(Map.of("a", 1)));
            assertThat(result.at("/result/body/api_key").isNull()).isTrue();
        }

        @Test
        void aBodyUpToTheLimitIsReadAndALargerOneIsAPermanentFailure() {
            JsonNode atLimit = run(Map.of("url", downstream.url("/bytes/1000"), "max_response_bytes", 1000), Map.of());
            JsonNode over = run(Map.of("url", downstream.url("/bytes/1001"), "max_response_bytes", 1000), Map.of());

            assertThat(atLimit.at("/result/body").asText()).hasSize(1000);
            assertThat(over.at("/metadata/error_code").asText()).isEqualTo("RESPONSE_TOO_LARGE");
            assertThat(over.at("/metadata/error_type").asText()).isEqualTo("permanent_error");
            assertThat(over.at("/metadata/retryable").asBoolean()).isFalse();
            assertGatewayResult(over);
        }

        @Test
        void theBodyIsDecodedWithTheCharsetTheResponseNames() {
            JsonNode result = run(Map.of("url", downstream.url("/latin1")), Map.of());

            assertThat(result.at("/result/body").asText()).isEqualTo("café");
        }

        @Test
        void aMissingUrlIsAValidationErrorOfTheConfig() {
            JsonNode result = run(Map.of(), Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INVALID_CONFIG");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
            assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
            assertGatewayResult(result);
        }

        @Test
        void anUnknownMethodIsAValidationErrorOfTheConfig() {
            JsonNode result = run(Map.of("url", downstream.url("/echo"), "method", "BREW"), Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INVALID_CONFIG");
        }
    }

    private static JsonNode run(Map<String, Object> config, Map<String, Object> taskContext) {
        return run(config, taskContext, null);
    }

    /** @param timeoutSeconds the step's {@code timeout_seconds}; null leaves the gateway default */
    private static JsonNode run(Map<String, Object> config, Map<String, Object> taskContext, Long timeoutSeconds) {
        ObjectNode step = TestGateway.JSON.createObjectNode();
        ObjectNode definition = step.putObject("step_definition");
        if (timeoutSeconds != null) {
            definition.put("timeout_seconds", timeoutSeconds);
        }
        ObjectNode handler = definition.putObject("handler");
        handler.put("callable", "http_request");
        handler.set("initialization", json(config));
        step.putObject("task").putObject("task").set("context", json(taskContext));
        HttpResponse<String> response = gateway.postJson("/v1/steps", step);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestGateway.json(response);
    }

    private static JsonNode json(Object value) {
        return TestGateway.JSON.valueToTree(value);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void status(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
        Map<String, String> query = query(exchange);
        if (query.containsKey("retry_after")) {
            exchange.getResponseHeaders().set("Retry-After", query.get("retry_after"));
        }
        if (status >= 300 && status < 400) {
            exchange.getResponseHeaders().set("Location", "/echo");
        }
        String body = query.containsKey("error")
                ? TestGateway.JSON.writeValueAsString(Map.of("error", query.get("error")))
                : TestGateway.JSON.writeValueAsString(Map.of("ok", status < 300, "status", status));
        LocalHttpServer.respond(exchange, status, "application/json", body);
    }

    private static void echo(HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        Map<String, Object> echo = new HashMap<>();
        echo.put("method", exchange.getRequestMethod());
        echo.put("query", exchange.getRequestURI().getRawQuery());
        echo.put("api_key", exchange.getRequestHeaders().getFirst("X-Api-Key"));
        echo.put("content_type", exchange.getRequestHeaders().getFirst("Content-Type"));
        echo.put("body", requestBody.length == 0 ? null : TestGateway.JSON.readTree(requestBody));
        LocalHttpServer.respond(exchange, 200, "application/json", TestGateway.JSON.writeValueAsString(echo));
    }
}
