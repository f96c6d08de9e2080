package dev.tasker.gateway.server;

import static dev.tasker.gateway.server.RequestHeadLimitsAddOn.MAX_HEADERS;
import static dev.tasker.gateway.server.RequestHeadLimitsAddOn.MAX_HEAD_BYTES;
import static dev.tasker.gateway.server.RequestHeadLimitsAddOn.MAX_REQUEST_LINE_BYTES;
import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Requests Grizzly's parser refuses before Jersey sees them (a request line or head over its limit, a head
 * that is not HTTP) are problems like every other refusal: status, {@code application/problem+json}, a
 * {@code request_id} that is never the caller's cut-off or over-long id, and a closed connection; the
 * gateway serves the next connection as before.
 */
class RequestHeadLimitsTest {

    private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}";
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
    void theNextConnectionIsServed() {
        assertThat(gateway.get("/v1/handlers/echo").statusCode()).isEqualTo(200);
    }

    @Nested
    class RawSocket {

        @Test
        void aHundredKilobytePathIs414ProblemAndTheConnectionCloses() throws IOException {
            RawAnswer answer = exchange("GET /v1/handlers/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Request-Id: trace-414\r\n\r\n");

            JsonNode problem = answer.assertProblem(414, "REQUEST_LINE_TOO_LONG");
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 414 Request-URI Too Long");
            assertThat(problem.get("type").asText()).isEqualTo("urn:tasker:gateway:problem:request-line-too-long");
            assertThat(problem.get("detail").asText()).contains(String.valueOf(MAX_REQUEST_LINE_BYTES));
            assertThat(problem.get("instance").isNull()).as("the path is not echoed").isTrue();
            assertThat(problem.get("request_id").asText()).as("headers after the line were never read")
                    .matches(UUID_V7);
            assertThat(answer.header("connection")).isEqualTo("close");
            assertThat(answer.closedAfterAnswer()).isTrue();
        }

        @Test
        void aRequestLineOfExactlyTheLimitIsServedOneByteMoreIs414() throws IOException {
            String prefix = "GET /v1/handlers/";
            String suffix = " HTTP/1.1";
            String fits = "a".repeat(MAX_REQUEST_LINE_BYTES - prefix.length() - suffix.length());
            String head = "\r\nHost: localhost\r\nConnection: close\r\n\r\n";

            RawAnswer atLimit = exchange(prefix + fits + suffix + head);
            RawAnswer overLimit = exchange(prefix + fits + "a" + suffix + head);

            assertThat((prefix + fits + suffix).length()).isEqualTo(MAX_REQUEST_LINE_BYTES);
            atLimit.assertProblem(404, "HANDLER_NOT_FOUND");
            overLimit.assertProblem(414, "REQUEST_LINE_TOO_LONG");
        }

        @Test
        void aLineOverItsLimitIs414AlsoWhenTheHeadAsAWholeOverflowsInTheHeaders() throws IOException {
            RawAnswer answer = exchange("GET /v1/handlers/" + "a".repeat(MAX_REQUEST_LINE_BYTES) + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nX-Pad: " + "p".repeat(MAX_HEAD_BYTES) + "\r\n\r\n");

            answer.assertProblem(414, "REQUEST_LINE_TOO_LONG");
        }

        @Test
        void aHeadOverTheLimitIs431WithAGeneratedRequestIdNotTheLongOne() throws IOException {
            String longId = "r".repeat(MAX_HEAD_BYTES + 1000);
            RawAnswer answer = exchange("GET /v1/handlers/echo HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + longId
                    + "\r\n\r\n");

            JsonNode problem = answer.assertProblem(431, "HEADERS_TOO_LARGE");
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
            assertThat(problem.get("request_id").asText()).matches(UUID_V7);
            assertThat(answer.raw()).doesNotContain("rrrrrrrr");
            assertThat(problem.get("instance").asText()).isEqualTo("/v1/handlers/echo");
            assertThat(problem.get("detail").asText()).contains(String.valueOf(MAX_HEAD_BYTES));
            assertThat(answer.closedAfterAnswer()).isTrue();
        }

        @Test
        void aSaneRequestIdInAHeadCutOffByTheLimitIsNotTrustedEither() throws IOException {
            RawAnswer answer = exchange("GET /v1/handlers/echo HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: trace-431\r\n"
                    + "X-Pad: " + "p".repeat(MAX_HEAD_BYTES) + "\r\n\r\n");

            JsonNode problem = answer.assertProblem(431, "HEADERS_TOO_LARGE");
            assertThat(problem.get("request_id").asText()).matches(UUID_V7);
        }

        @Test
        void moreHeaderFieldsThanTheLimitIs431() throws IOException {
            StringBuilder request = new StringBuilder("GET /v1/handlers/echo HTTP/1.1\r\nHost: localhost\r\n");
            for (int i = 0; i < MAX_HEADERS; i++) {
                request.append("X-Field-").append(i).append(": v\r\n");
            }

            exchange(request.append("\r\n").toString()).assertProblem(431, "HEADERS_TOO_LARGE");
        }

        @Test
        void aHeadJustUnderTheLimitIsServedAndItsTooLongRequestIdReplaced() throws IOException {
            String longId = "r".repeat(10_000);
            RawAnswer answer = exchange("GET /v1/handlers/nope HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + longId
                    + "\r\nConnection: close\r\n\r\n");

            JsonNode problem = answer.assertProblem(404, "HANDLER_NOT_FOUND");
            assertThat(problem.get("request_id").asText()).matches(UUID_V7);
            assertThat(answer.raw()).doesNotContain("rrrrrrrr");
        }

        @Test
        void aClientStillSendingMegabytesOfHeaderGetsThe431() throws IOException {
            RawAnswer answer = exchange("GET /v1/handlers/echo HTTP/1.1\r\nHost: localhost\r\nX-Pad: "
                    + "p".repeat(5_000_000) + "\r\n\r\n");

            answer.assertProblem(431, "HEADERS_TOO_LARGE");
        }

        @Test
        void aHeadThatIsNotHttpIs400ProblemKeepingTheCallersId() throws IOException {
            RawAnswer answer = exchange("GET /v1/handlers/echo HTTP/1.1\r\nX-Request-Id: trace-400\r\n\r\n");

            JsonNode problem = answer.assertProblem(400, "MALFORMED_REQUEST");
            assertThat(problem.get("request_id").asText()).as("a head read whole names the caller's id")
                    .isEqualTo("trace-400");
            assertThat(problem.get("detail").asText()).contains("Host");
            assertThat(answer.closedAfterAnswer()).isTrue();
        }

        @Test
        void aBrokenChunkedBodyIs400Problem() throws IOException {
            RawAnswer answer = exchange("POST /v1/steps HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Request-Id: trace-chunk\r\nTransfer-Encoding: chunked\r\n\r\nZZZ-not-a-size\r\n{}\r\n0\r\n\r\n");

            JsonNode problem = answer.assertProblem(400, "MALFORMED_REQUEST");
            assertThat(problem.get("request_id").asText()).isEqualTo("trace-chunk");
            assertThat(answer.closedAfterAnswer()).isTrue();
        }

        @Test
        void anUnknownProtocolIs400ProblemNotASilentClose() throws IOException {
            exchange("GET /v1/handlers/echo FOO/1.1\r\nHost: localhost\r\n\r\n").assertProblem(400, "MALFORMED_REQUEST");
        }

        @Test
        void aHeadRequestOverTheLimitGets414WithoutABody() throws IOException {
            RawAnswer answer = exchange("HEAD /v1/handlers/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertThat(answer.statusLine()).startsWith("HTTP/1.1 414");
            assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
            assertThat(answer.body()).isEmpty();
        }

        @Test
        void anHttp10RequestOverTheLimitGetsTheProblemToo() throws IOException {
            RawAnswer answer = exchange("GET /v1/handlers/" + "a".repeat(20_000) + " HTTP/1.0\r\n\r\n");

            answer.assertProblem(414, "REQUEST_LINE_TOO_LONG");
            assertThat(answer.closedAfterAnswer()).isTrue();
        }
    }

    @Nested
    class JavaHttpClient {

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Test
        void aHundredKilobytePathWithATenKilobyteRequestIdIs414ProblemAndTheClientGoesOn() {
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(
                    gateway.uri("/v1/handlers/" + "a".repeat(100_000))).header("X-Request-Id", "i".repeat(10_000))
                    .GET().build());

            JsonNode problem = assertProblem(response, 414, "REQUEST_LINE_TOO_LONG");
            assertThat(problem.get("request_id").asText()).matches(UUID_V7);
            assertThat(response.headers().firstValue("Connection")).hasValue("close");
            assertThat(gateway.get("/v1/handlers/echo").statusCode()).as("the same client, a new connection")
                    .isEqualTo(200);
        }

        @Test
        void headersOverTheLimitAre431ProblemAndTheSameClientGoesOn() throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers/echo"))
                    .header("X-Request-Id", "i".repeat(MAX_HEAD_BYTES)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode problem = assertProblem(response, 431, "HEADERS_TOO_LARGE");
            assertThat(problem.get("request_id").asText()).matches(UUID_V7);
            assertThat(response.body()).doesNotContain("iiiiiiii");
            HttpResponse<String> next = client.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers/echo")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).isEqualTo(200);
        }

        @Test
        void aStepPostWithHeadersOverTheLimitIs431BeforeAnyHandlerRuns() throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                    .header("Content-Type", "application/json").header("X-Pad", "p".repeat(MAX_HEAD_BYTES))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertProblem(response, 431, "HEADERS_TOO_LARGE");
        }
    }

    /** Writes the bytes (as far as the server reads them) and answers everything it wrote back. */
    private static RawAnswer exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (SocketException closedWhileSending) {
                // the server answered and closed before reading it all: its answer is still there to read
            }
            return RawAnswer.read(socket.getInputStream());
        }
    }

    /** One HTTP answer read off a socket, with whether the server closed the connection after it. */
    private record RawAnswer(String raw, String statusLine, Map<String, String> headers, String body,
                             boolean closedAfterAnswer) {

        static RawAnswer read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketTimeoutException stillOpen) {
                    break;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                bytes.write(buffer, 0, n);
                if (complete(bytes.toString(StandardCharsets.ISO_8859_1))) {
                    closed = endOfStream(in);
                    break;
                }
            }
            String raw = bytes.toString(StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            assertThat(end).as("an HTTP head in %s", raw).isPositive();
            List<String> lines = List.of(raw.substring(0, end).split("\r\n"));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String body = raw.substring(end + 4);
            return new RawAnswer(raw, lines.get(0), headers,
                    "chunked".equals(headers.get("transfer-encoding")) ? unchunked(body) : body, closed);
        }

        private static String unchunked(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }

        private static boolean endOfStream(InputStream in) throws IOException {
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            }
        }

        private static boolean complete(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            String head = text.substring(0, end).toLowerCase(Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at < 0) {
                return head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
            }
            int lineEnd = head.indexOf("\r\n", at);
            int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
            return text.length() - end - 4 >= length;
        }

        String header(String name) {
            return headers.get(name);
        }

        JsonNode assertProblem(int status, String errorCode) throws IOException {
            assertThat(statusLine).as("status line of %s", raw).startsWith("HTTP/1.1 " + status + " ");
            assertThat(header("content-type")).isEqualTo("application/problem+json");
            assertThat(raw).doesNotContain("<html", "Grizzly", "\tat ");
            JsonNode problem = TestGateway.JSON.readTree(body);
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("error_code").asText()).isEqualTo(errorCode);
            assertThat(problem.get("error_type").asText()).isEqualTo(status == 404 ? "permanent_error" : "validation_error");
            assertThat(problem.get("retryable").asBoolean()).isFalse();
            assertThat(problem.get("errors").isArray()).isTrue();
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("request_id").asText()).isNotBlank().isEqualTo(header("x-request-id"));
            return problem;
        }
    }
}
