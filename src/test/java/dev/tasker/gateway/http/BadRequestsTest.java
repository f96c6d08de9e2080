package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.TestGateway;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests that cannot be executed: each a problem+json with the right status, never a 500. */
class BadRequestsTest {

    private static final int MIB = 1024 * 1024;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void serverStillServesTheNextStep() {
        assertGatewayResult(gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}"));
    }

    private static HttpResponse<String> post(String contentType, HttpRequest.BodyPublisher body) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps")).header("Content-Type", contentType)
                .POST(body).build());
    }

    @Test
    void malformedJsonIs400MalformedJsonFromOurMapper() {
        JsonNode problem = assertProblem(gateway.postJson("/v1/steps", "{\"step_definition\": {"), 400,
                "MALFORMED_JSON");

        assertThat(problem.get("detail").asText()).contains("not valid JSON");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("body");
        assertThat(problem.get("instance").asText()).isEqualTo("/v1/steps");
        assertThat(problem.get("error_type").asText()).isEqualTo("validation_error");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated top level  | {\"step_definition\":",
            "bad token deep down  | {\"task\":{\"task\":{\"context\":{\"x\":tru}}}}",
            "nested past 1000     | {\"task\":{\"task\":{\"context\":" + "[[[[[[[[[[[[[[[[[[[[" + "]}}}",
            "trailing garbage     | {\"step_definition\":{}} x"})
    void everyKindOfMalformedJsonIs400MalformedJson(String what, String body) {
        String sent = what.startsWith("nested") ? body.replace("[[[[[[[[[[[[[[[[[[[[", "[".repeat(1500) + "]".repeat(1500))
                : body;

        assertProblem(gateway.postJson("/v1/steps", sent), 400, "MALFORMED_JSON");
    }

    @Test
    void aJsonArrayIs400InvalidStep() {
        JsonNode problem = assertProblem(gateway.postJson("/v1/steps", "[{\"step_definition\":{}}]"), 400,
                "INVALID_STEP");

        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("body");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "workflow_step.attempts      | {\"workflow_step\":{\"attempts\":\"three\"}}",
            "workflow_step.attempts      | {\"workflow_step\":{\"attempts\":1.5}}",
            "step_definition.timeout_seconds | {\"step_definition\":{\"timeout_seconds\":\"soon\"}}",
            "workflow_step.workflow_step_uuid | {\"workflow_step\":{\"workflow_step_uuid\":\"not-a-uuid\"}}",
            "step_definition.type        | {\"step_definition\":{\"type\":\"sideways\"}}",
            "task.task.priority          | {\"task\":{\"task\":{\"priority\":[1]}}}",
            "dependency_results.validate_cart.metadata.completed_at | {\"dependency_results\":{\"validate_cart\":{\"success\":true,\"metadata\":{\"execution_time_ms\":1,\"completed_at\":\"2025-11-28T14:50:01.402118\"}}}}"})
    void aWrongTypeInAKnownFieldIs400NamingTheField(String field, String fragment) {
        String body = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}," + fragment.substring(1);
        body = body.replace("}},\"step_definition\":{", "},");

        JsonNode problem = assertProblem(gateway.postJson("/v1/steps", body), 400, "INVALID_STEP");

        assertThat(problem.at("/errors/0/field").asText()).isEqualTo(field);
        assertThat(problem.get("detail").asText()).startsWith(field).doesNotContain("CoercionConfig", "dev.tasker");
    }

    @Test
    void aStepNamingNoHandlerIs400NamingTheCallable() {
        JsonNode problem = assertProblem(gateway.postJson("/v1/steps", "{\"task\":{\"task\":{\"context\":{}}}}"), 400,
                "INVALID_STEP");

        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("step_definition.handler.callable");
    }

    @Test
    void anUnknownHandlerIs404HandlerNotFound() {
        JsonNode problem = assertProblem(gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"refund_everything\"}}}"), 404, "HANDLER_NOT_FOUND");

        assertThat(problem.get("detail").asText()).contains("refund_everything");
        assertThat(problem.get("retryable").asBoolean()).isFalse();
    }

    @Test
    void aTwentyMebibyteBodyWithContentLengthIs413() {
        byte[] body = bigStep(20 * MIB);

        JsonNode problem = assertProblem(post("application/json", HttpRequest.BodyPublishers.ofByteArray(body)), 413,
                "BODY_TOO_LARGE");

        assertThat(problem.get("detail").asText()).contains("10485760");
        assertThat(problem.get("instance").asText()).isEqualTo("/v1/steps");
    }

    @Test
    void aTwentyMebibyteChunkedBodyIs413() {
        byte[] body = bigStep(20 * MIB);

        HttpResponse<String> response = post("application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        JsonNode problem = assertProblem(response, 413, "BODY_TOO_LARGE");

        // found in the cause chain of a JSON read error, so answered by a mapper that builds the problem itself
        assertThat(problem.get("instance").isTextual()).as("instance of %s", problem).isTrue();
        assertThat(problem.get("instance").asText()).isEqualTo("/v1/steps");
    }

    @Test
    void aBodyJustUnderTheLimitIsExecuted() {
        byte[] body = bigStep(9 * MIB);

        HttpResponse<String> response = post("application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertGatewayResult(response);
    }

    @Test
    void aTextPlainBodyIs415() {
        JsonNode problem = assertProblem(post("text/plain", HttpRequest.BodyPublishers.ofString("echo please")), 415,
                null);

        assertThat(problem.get("detail").asText()).contains("application/json");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                .DELETE().build());

        assertProblem(response, 405, null);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }

    @Test
    void getOnTheStepsRouteIs405WithAllow() {
        HttpResponse<String> response = gateway.get("/v1/steps");

        assertProblem(response, 405, null);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }

    @Test
    void anEmptyBodyIs400() {
        JsonNode problem = assertProblem(post("application/json", HttpRequest.BodyPublishers.noBody()), 400,
                "INVALID_STEP");

        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("body");
    }

    @Test
    void aJsonNullBodyIs400() {
        assertProblem(gateway.postJson("/v1/steps", "null"), 400, "INVALID_STEP");
    }

    @Test
    void aRequestUriThatIsNoUriIs400ProblemNotGrizzlysHtmlPage() throws Exception {
        String raw = rawExchange("GET /v1/ha%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/problem+json").contains("x-request-id: ");
        JsonNode problem = TestGateway.JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("error_code").asText()).isEqualTo("MALFORMED_URI");
        assertThat(raw).doesNotContain("<html", "Grizzly");
    }

    @Test
    void aRequestUriThatIsNoUriKeepsTheCallersRequestId() throws Exception {
        String raw = rawExchange("GET /v1/ha%zz HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: trace-77\r\n"
                + "Connection: close\r\n\r\n");

        String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("x-request-id: trace-77");
        JsonNode problem = TestGateway.JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
        assertThat(problem.get("request_id").asText()).isEqualTo("trace-77");
    }

    @Test
    void anUnknownRouteIs404Problem() {
        assertProblem(gateway.get("/v2/steps"), 404, null);
    }

    @Test
    void anUnacceptableAcceptHeaderIs406Problem() {
        assertProblem(gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers")).header("Accept", "text/csv")
                .GET().build()), 406, null);
    }

    @Test
    void theGivenRequestIdIsEchoedInTheHeaderAndTheProblem() {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                .header("Content-Type", "application/json").header("X-Request-Id", "orchestrator-req-42")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build());

        JsonNode problem = assertProblem(response, 400, "INVALID_STEP");

        assertThat(problem.get("request_id").asText()).isEqualTo("orchestrator-req-42");
    }

    @Test
    void anInsaneRequestIdIsReplacedByAGeneratedOne() {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                .header("Content-Type", "application/json").header("X-Request-Id", "x".repeat(200))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build());

        JsonNode problem = assertProblem(response, 400, "INVALID_STEP");

        assertThat(problem.get("request_id").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void successfulAnswersCarryARequestIdToo() {
        HttpResponse<String> response = gateway.get("/v1/handlers");

        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    /** Sends bytes no HTTP client library would send and answers everything the server wrote back. */
    private static String rawExchange(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A valid echo step padded to about {@code size} bytes. */
    private static byte[] bigStep(int size) {
        String head = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"pad\":\"";
        String tail = "\"}}}}";
        byte[] body = new byte[size];
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        Arrays.fill(body, headBytes.length, size - tailBytes.length, (byte) 'a');
        System.arraycopy(tailBytes, 0, body, size - tailBytes.length, tailBytes.length);
        return body;
    }
}
