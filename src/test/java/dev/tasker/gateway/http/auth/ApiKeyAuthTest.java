package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeyAuthTest {

    static final String READER_KEY = "rk_1111111111111111111111";
    static final String RUNNER_KEY = "xk_2222222222222222222222";
    static final String ADMIN_KEY = "ak_3333333333333333333333";
    static final String WRONG_KEY = "zz_9999999999999999999999";
    static final Map<String, String> KEYS = Map.of("reader", READER_KEY, "runner", RUNNER_KEY, "admin", ADMIN_KEY);
    static final String ECHO_STEP = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";

    static LogCapture logs;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        logs = LogCapture.start();
        gateway = TestGateway.start(Map.of("api_keys",
                "reader:" + READER_KEY + ":read,runner:" + RUNNER_KEY + ":execute,admin:" + ADMIN_KEY + ":admin"));
    }

    @AfterAll
    static void stopAndCheckLogs() {
        gateway.close();
        logs.close();
        List<String> lines = logs.lines();
        assertThat(lines).as("log lines written during the tests").isNotEmpty();
        for (String key : List.of(READER_KEY, RUNNER_KEY, ADMIN_KEY, WRONG_KEY)) {
            assertThat(lines).as("no log line contains a key").noneMatch(line -> line.contains(key));
        }
        assertThat(lines).as("refusals name the key").anyMatch(line -> line.contains("API key 'reader' lacks scope"));
    }

    /** One route as a client calls it, the scope it needs, and what it answers a key that has that scope. */
    record Route(String method, String path, String body, ApiScope scope, int allowedStatus) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET", "/v1/handlers", null, ApiScope.READ, 200),
                new Route("GET", "/v1/handlers/echo", null, ApiScope.READ, 200),
                new Route("HEAD", "/v1/handlers/echo", null, ApiScope.READ, 200),
                new Route("GET", "/v1/steps/01938f4e-0000-7000-8000-000000000001", null, ApiScope.READ, 404),
                new Route("GET", "/v1/plugins", null, ApiScope.READ, 200),
                new Route("GET", "/v1/events/stats", null, ApiScope.READ, 200),
                new Route("GET", "/v1/webhooks", null, ApiScope.READ, 200),
                new Route("GET", "/v1/webhooks/deliveries", null, ApiScope.READ, 200),
                new Route("POST", "/v1/steps", ECHO_STEP, ApiScope.EXECUTE, 200),
                new Route("POST", "/v1/steps/batch", "{\"steps\":[" + ECHO_STEP + "]}", ApiScope.EXECUTE, 200),
                new Route("POST", "/v1/plugins/reload", "", ApiScope.ADMIN, 200),
                new Route("POST", "/v1/webhooks/deliveries/1/retry", "", ApiScope.ADMIN, 400),
                new Route("POST", "/v1/webhooks/orders/replay?since=2026-01-01T00:00:00Z", "", ApiScope.ADMIN, 404));
    }

    static Stream<Arguments> routesByKey() {
        return routes().stream().flatMap(route -> KEYS.keySet().stream().sorted().map(key -> Arguments.of(route, key)));
    }

    static HttpResponse<String> call(Route route, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(route.path()));
        if (header != null) {
            request.header(header, value);
        }
        if (route.body() == null) {
            request.method(route.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(route.method(), HttpRequest.BodyPublishers.ofString(route.body()));
        }
        return gateway.send(request.build());
    }

    @ParameterizedTest(name = "{0} with the {1} key")
    @MethodSource("routesByKey")
    void eachRouteAllowsExactlyItsScope(Route route, String keyName) {
        String key = KEYS.get(keyName);
        boolean allowed = keyName.equals(route.scope().wireName())
                || (keyName.equals("reader") && route.scope() == ApiScope.READ)
                || (keyName.equals("runner") && route.scope() == ApiScope.EXECUTE);

        HttpResponse<String> response = call(route, "X-API-Key", key);

        if (allowed) {
            assertThat(response.statusCode()).as("allowed: %s", response.body()).isEqualTo(route.allowedStatus());
        } else {
            assertThat(response.statusCode()).isEqualTo(403);
            if (!route.method().equals("HEAD")) {
                JsonNode problem = TestGateway.json(response);
                assertThat(problem.get("error_code").asText()).isEqualTo("API_KEY_SCOPE_MISSING");
                assertThat(problem.get("detail").asText()).contains("'" + keyName + "'")
                        .contains("'" + route.scope().wireName() + "'");
            }
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachRouteWithoutAKeyIs401ProblemWithChallenge(Route route) {
        HttpResponse<String> response = call(route, null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer realm=").contains("X-API-Key"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        if (!route.method().equals("HEAD")) {
            JsonNode problem = TestGateway.json(response);
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("error_code").asText()).isEqualTo("API_KEY_MISSING");
            assertThat(problem.get("request_id").asText()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachRouteWithAWrongKeyIs401(Route route) {
        HttpResponse<String> response = call(route, "Authorization", "Bearer " + WRONG_KEY);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        if (!route.method().equals("HEAD")) {
            assertThat(TestGateway.json(response).get("error_code").asText()).isEqualTo("API_KEY_INVALID");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class KeyForms {

        @Test
        void bearerTokenIsAcceptedLikeTheHeader() {
            HttpResponse<String> response = call(routes().get(8), "Authorization", "Bearer " + RUNNER_KEY);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(response).get("success").asBoolean()).isTrue();
        }

        @Test
        void aPrefixOfAValidKeyIsRefused() {
            HttpResponse<String> response = call(routes().get(0), "X-API-Key", READER_KEY.substring(0, 20));

            assertThat(response.statusCode()).isEqualTo(401);
        }

        @Test
        void unknownPathsNeedAKeyToo() {
            HttpResponse<String> response = gateway.get("/v1/nothing-here");

            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class PublicRoutes {

        @ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(strings = {"/health", "/health/live", "/health/ready",
                "/metrics", "/openapi.yaml", "/docs", "/docs/assets/init.js"})
        void answerWithoutAKey(String path) {
            assertThat(gateway.get(path).statusCode()).isEqualTo(200);
        }

        @Test
        void publicPathsAreConfigurable() {
            try (TestGateway narrow = TestGateway.start(Map.of("api_keys", "reader:" + READER_KEY + ":read",
                    "public_paths", "/health/live"))) {
                assertThat(narrow.get("/health/live").statusCode()).isEqualTo(200);
                assertThat(narrow.get("/metrics").statusCode()).isEqualTo(401);
                assertThat(narrow.send(HttpRequest.newBuilder(narrow.uri("/metrics")).header("X-API-Key", READER_KEY)
                        .build()).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void withoutKeysEveryRouteIsOpenAndStartUpWarnsOnce() {
        try (LogCapture startup = LogCapture.start(); TestGateway open = TestGateway.start()) {
            assertThat(open.postJson("/v1/steps", ECHO_STEP).statusCode()).isEqualTo(200);
            assertThat(startup.events()).filteredOn(e -> e.getFormattedMessage().contains("API KEYS ARE OFF"))
                    .hasSize(1)
                    .allSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"));
        }
    }
}
