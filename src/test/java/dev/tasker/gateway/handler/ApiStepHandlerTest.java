package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.LocalHttpServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The base class's config handling and result plumbing, against a real local server. */
class ApiStepHandlerTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();
    private static final CountDownLatch STALLED = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static LocalHttpServer server;

    @BeforeAll
    static void start() {
        server = LocalHttpServer.start()
                .route("/api/", exchange -> LocalHttpServer.respond(exchange, 200, "application/json",
                        "{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}"))
                .route("/missing", exchange -> LocalHttpServer.respond(exchange, 404, "application/problem+json",
                        "{\"title\":\"Not Found\",\"detail\":\"no such order\"}"))
                .route("/echo", exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    Map<String, Object> echo = new HashMap<>();
                    echo.put("method", exchange.getRequestMethod());
                    echo.put("content_type", exchange.getRequestHeaders().getFirst("Content-Type"));
                    echo.put("body", body.length == 0 ? null : JSON.readTree(body));
                    LocalHttpServer.respond(exchange, 200, "application/json", JSON.writeValueAsString(echo));
                })
                .route("/stall", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    STALLED.countDown();
                    try {
                        RELEASE.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    /** Reads one order, failing through requireSuccess. */
    static final class OrderLookup extends ApiStepHandler {
        @Override
        public String name() {
            return "order_lookup";
        }

        @Override
        protected StepExecutionResult callApi(StepContext context) throws InterruptedException {
            ApiResponse response = requireSuccess(get(context, context.getInput("path", String.class)));
            return apiSuccess(response, Map.of("found", response.jsonBody().orElseThrow()));
        }
    }

    /** Calls the helper named by the task context's {@code verb}, sending {@code {"id": 7}} where it takes a body. */
    static final class VerbCaller extends ApiStepHandler {
        @Override
        public String name() {
            return "verb_caller";
        }

        @Override
        protected StepExecutionResult callApi(StepContext context) throws InterruptedException {
            Map<String, Object> body = Map.of("id", 7);
            ApiResponse response = switch (context.getInput("verb", String.class)) {
                case "post" -> post(context, "/echo", body);
                case "put" -> put(context, "/echo", body);
                case "patch" -> patch(context, "/echo", body);
                case "delete" -> delete(context, "/echo");
                default -> throw new IllegalArgumentException("no such verb");
            };
            return apiResult(response);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"post, POST, true", "put, PUT, true", "patch, PATCH, true", "delete, DELETE, false"})
    void eachHelperSendsItsMethodAndItsBodyAsJson(String verb, String method, boolean hasBody) throws Exception {
        StepExecutionResult result = new VerbCaller().call(context(Map.of("base_url", server.url("")),
                Map.of("verb", verb)));

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        Map<?, ?> received = (Map<?, ?>) ((Map<?, ?>) result.result()).get("body");
        assertThat(received.get("method")).isEqualTo(method);
        if (hasBody) {
            assertThat(received.get("content_type")).isEqualTo("application/json");
            assertThat(received.get("body")).isEqualTo(Map.of("id", 7));
        } else {
            assertThat(received.get("content_type")).isNull();
            assertThat(received.get("body")).isNull();
        }
    }

    @Test
    void relativePathsJoinTheBaseUrlWhateverTheSlashes() throws Exception {
        for (String[] pair : new String[][] {{"/api", "orders/7"}, {"/api/", "/orders/7"}, {"/api", "/orders/7"}}) {
            StepExecutionResult result = new OrderLookup().call(context(Map.of("base_url", server.url(pair[0])),
                    Map.of("path", pair[1])));

            assertThat(result.success()).as(String.join(" + ", pair)).isTrue();
            assertThat(result.result()).isEqualTo(Map.of("found", Map.of("path", "/api/orders/7")));
        }
    }

    @Test
    void requireSuccessAnswersTheClassifiedFailureWithTheStepUuid() throws Exception {
        StepContext context = context(Map.of("base_url", server.url("")), Map.of("path", "/missing"));

        StepExecutionResult result = new OrderLookup().call(context);

        assertThat(result.stepUuid()).isEqualTo(context.stepUuid());
        assertThat(result.errorCode()).isEqualTo("HTTP_404");
        assertThat(result.error().message()).isEqualTo("HTTP 404: no such order");
        assertThat(result.error().statusCode()).isEqualTo(404);
    }

    @Test
    void aRelativePathWithoutBaseUrlIsAnInvalidConfig() throws Exception {
        StepExecutionResult result = new OrderLookup().call(context(Map.of(), Map.of("path", "orders/7")));

        assertThat(result.errorCode()).isEqualTo("INVALID_CONFIG");
        assertThat(result.errorType()).isEqualTo("validation_error");
        assertThat(result.isRetryable()).isFalse();
    }

    @Test
    void aNonIntegerTimeoutIsAnInvalidConfig() throws Exception {
        StepExecutionResult result = new OrderLookup().call(context(Map.of("base_url", server.url("/api"),
                "timeout_ms", "soon"), Map.of("path", "x")));

        assertThat(result.errorCode()).isEqualTo("INVALID_CONFIG");
        assertThat(result.error().message()).contains("timeout_ms");
    }

    @Test
    void anInterruptWhileTheBodyIsReadEndsTheCallWithInterruptedException() throws Exception {
        StepContext context = context(Map.of("base_url", server.url(""), "timeout_ms", 60_000),
                Map.of("path", "/stall"));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                new OrderLookup().call(context);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        caller.start();
        assertThat(STALLED.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aClientThatFollowsRedirectsItselfIsRefused() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new ApiStepHandler(following, Clock.systemUTC()) {
            @Override
            public String name() {
                return "x";
            }

            @Override
            protected StepExecutionResult callApi(StepContext context) {
                return null;
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follow_redirects");
    }

    @Test
    void reportsTheApiKindAndHttpCapability() {
        assertThat(new OrderLookup().kind()).isEqualTo("api");
        assertThat(new OrderLookup().capabilities()).isEqualTo(List.of("http"));
    }

    private static StepContext context(Map<String, Object> config, Map<String, Object> taskContext) {
        Map<String, Object> step = Map.of(
                "step_definition", Map.of("handler", Map.of("callable", "order_lookup", "initialization", config)),
                "workflow_step", Map.of("workflow_step_uuid", UUID.randomUUID().toString()),
                "task", Map.of("task", Map.of("context", taskContext)));
        return new StepContext(JSON.convertValue(step, TaskSequenceStep.class));
    }
}
