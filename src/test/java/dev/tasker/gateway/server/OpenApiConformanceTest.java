package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.JwksServer;
import dev.tasker.gateway.testing.JwtTokens;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import dev.tasker.gateway.testing.OpenApiContract;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.PluginSources;
import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole HTTP surface against {@code openapi.yaml}: each route's success and refusal cases are sent to a
 * real gateway (API keys and JWTs on, a webhook endpoint with a live receiver, a plugin jar and a broken one,
 * bounded admission, a small body limit) and to a second one that is not ready (a required handler missing,
 * its JWKS unreachable), and every answer must be one the spec declares for that operation and status, with
 * a declared content type and a body valid against the spec's own schema (see {@link OpenApiContract}). Every
 * secured operation is also sent without credentials, with a wrong key, with a key lacking its scope, with
 * two credentials at once, with a JWT of an unknown key, with a JWT lacking the scope and with a JWT while
 * the JWKS was never fetched; every operation with a request line and a head over the parser's limits, and,
 * on a third gateway serving HTTPS, every operation but health over its plain {@code http_port}. Last,
 * every answer the spec declares must have been provoked, but for the few listed in {@link #NOT_PROVOKED}
 * with the reason.
 */
class OpenApiConformanceTest {

    private static final String READ_KEY = "rk_conformance_read_0000000";
    private static final String EXECUTE_KEY = "xk_conformance_execute_0000";
    private static final String ADMIN_KEY = "ak_conformance_admin_000000";
    private static final String ECHO_STEP = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";
    private static final String BLOCKING_STEP = "{\"step_definition\":{\"handler\":{\"callable\":\"blocks\"}}}";
    private static final String SINCE = "2020-01-01T00:00:00Z";
    private static final String ISSUER = "https://id.tasker.example";
    private static final String AUDIENCE = "tasker-worker-gateway";
    private static final SigningKey SIGNER = SigningKey.ed25519("conformance-1");
    private static final SigningKey STRANGER = SigningKey.ed25519("conformance-1");

    /** Declared answers no case provokes, each with why. */
    private static final Map<String, String> NOT_PROVOKED = Map.of();

    private static OpenApiContract contract;
    private static WebhookReceiver receiver;
    private static JwksServer unreachableJwks;
    private static TestGateway gateway;
    private static TestGateway unready;
    private static TestGateway https;
    private static HttpClient httpsClient;
    private static CountDownLatch blockerEntered;
    private static CountDownLatch releaseBlocker;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> provoked = new TreeSet<>();
    private static final UUID STORED_STEP = Uuids.v7();
    private static final UUID REUSED_STEP = Uuids.v7();

    @BeforeAll
    static void start() throws IOException {
        contract = OpenApiContract.load(Path.of("openapi.yaml"));
        receiver = WebhookReceiver.start();
        Path home = Files.createTempDirectory("conformance");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        PluginJarBuilder.create()
                .source("plugin.conf.Hello", PluginSources.handler("plugin.conf.Hello", "plugin-hello", "1.2.3",
                        "hello-alias"))
                .service(StepHandler.class, "plugin.conf.Hello")
                .writeTo(plugins.resolve("hello.jar"));
        PluginJarBuilder.writeNotAZip(plugins.resolve("not-a-zip.jar"));
        Path yaml = GatewayYaml.write(home, GatewayYaml.endpoint("orders", receiver.url().toString(),
                "events: [\"order.*\"]"));
        blockerEntered = new CountDownLatch(1);
        releaseBlocker = new CountDownLatch(1);
        gateway = TestGateway.start(Map.of(
                "api_keys", "reader:" + READ_KEY + ":read,runner:" + EXECUTE_KEY + ":execute,admin:" + ADMIN_KEY
                        + ":admin",
                "plugins_dir", plugins.toString(),
                "config", yaml.toString(),
                "max_body_size", "64KiB",
                "max_in_flight_per_handler", "1",
                "jwt.public_key_files", SIGNER.writePublicPem(home).toString(),
                "jwt.issuer", ISSUER,
                "jwt.audience", AUDIENCE,
                "jwt.namespaces_claim", "worker_namespaces"),
                Handlers.named("blocks", context -> {
                    blockerEntered.countDown();
                    releaseBlocker.await(30, TimeUnit.SECONDS);
                    return StepExecutionResult.success(context.stepUuid(), Map.of());
                }),
                Handlers.named("fails", context -> {
                    throw new IllegalStateException("the ledger is closed");
                }));
        TestCertificates.Issued authority;
        try {
            authority = TestCertificates.authority("conformance CA");
            Path[] files = TestCertificates.server(authority).write(home, "server");
            https = TestGateway.start(Map.of("tls.cert_file", files[0].toString(), "tls.key_file", files[1].toString(),
                    "http_port", "0"));
            httpsClient = HttpClient.newBuilder().sslContext(authority.trustingContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException("no HTTPS gateway: " + e.getMessage(), e);
        }
        unreachableJwks = JwksServer.start(List.of(SIGNER.publicJwk()));
        unreachableJwks.failing(true);
        unready = TestGateway.start(Map.of("required_handlers", "process_payment",
                "api_keys", "admin:" + ADMIN_KEY + ":admin",
                "jwt.jwks_url", unreachableJwks.url().toString(), "jwt.issuer", ISSUER, "jwt.audience", AUDIENCE));
    }

    @AfterAll
    static void stop() {
        releaseBlocker.countDown();
        if (gateway != null) {
            gateway.close();
        }
        if (unready != null) {
            unready.close();
        }
        if (https != null) {
            https.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (unreachableJwks != null) {
            unreachableJwks.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerIsDeclaredBySpec() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(handlerCases());
        cases.addAll(pluginCases());
        cases.addAll(stepCases());
        cases.addAll(webhookAndEventCases());
        cases.addAll(publicCases());
        cases.addAll(everyOperationRefusals());
        cases.addAll(httpsCases());
        return Stream.concat(cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), c::check)),
                Stream.of(DynamicTest.dynamicTest("every declared answer was provoked",
                        OpenApiConformanceTest::everyDeclaredAnswerWasProvoked)));
    }

    private static List<Case> handlerCases() {
        return List.of(
                Case.of("GET /v1/handlers", "every handler", 200, () -> send("GET", "/v1/handlers", READ_KEY)),
                Case.of("GET /v1/handlers", "Accept: text/csv", 406, () -> sendWith("GET", "/v1/handlers", READ_KEY,
                        null, null, Map.of("Accept", "text/csv"))),
                Case.of("GET /v1/handlers/{name}", "a built-in", 200, () -> send("GET", "/v1/handlers/echo", READ_KEY)),
                Case.of("GET /v1/handlers/{name}", "a plugin's, by alias", 200,
                        () -> send("GET", "/v1/handlers/hello-alias", READ_KEY)),
                Case.of("GET /v1/handlers/{name}", "unknown", 404, () -> send("GET", "/v1/handlers/refund", READ_KEY)),
                Case.of("HEAD /v1/handlers/{name}", "registered", 200, () -> send("HEAD", "/v1/handlers/echo", READ_KEY)),
                Case.of("HEAD /v1/handlers/{name}", "unknown", 404, () -> send("HEAD", "/v1/handlers/refund", READ_KEY)));
    }

    private static List<Case> pluginCases() {
        return List.of(
                Case.of("GET /v1/plugins", "a jar and a failure", 200, () -> send("GET", "/v1/plugins", READ_KEY)),
                Case.of("POST /v1/plugins/reload", "unchanged folder", 200,
                        () -> send("POST", "/v1/plugins/reload", ADMIN_KEY)),
                Case.of("POST /v1/plugins/reload", "plugins folder unreadable", 503, OpenApiConformanceTest::reloadUnreadable));
    }

    private static List<Case> stepCases() {
        String stored = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + STORED_STEP + "\",\"attempts\":1},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"a\":1}}}}";
        String reused = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + REUSED_STEP + "\",\"attempts\":1},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"a\":2}}}}";
        String tooLarge = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"pad\":\""
                + "p".repeat(70 * 1024) + "\"}}}}";
        return List.of(
                Case.of("POST /v1/steps", "echo", 200, () -> post("/v1/steps", ECHO_STEP)),
                Case.of("POST /v1/steps", "stored for later", 200, () -> post("/v1/steps", stored)),
                Case.of("POST /v1/steps", "replayed", 200, () -> post("/v1/steps", stored)),
                Case.of("POST /v1/steps", "a handler that throws", 200,
                        () -> post("/v1/steps", ECHO_STEP.replace("echo", "fails"))),
                Case.of("POST /v1/steps", "publishes events", 200,
                        () -> post("/v1/steps", EventSteps.confirmed(Uuids.v7()))),
                Case.of("POST /v1/steps", "a JWT of the step's namespace", 200, () -> sendTo(gateway, "POST",
                        "/v1/steps", null, "application/json", namespaced("ecommerce"),
                        Map.of("Authorization", "Bearer " + jwt(List.of("execute"), List.of("ecommerce"))))),
                Case.of("POST /v1/steps", "a JWT of another namespace", 403, () -> sendTo(gateway, "POST",
                        "/v1/steps", null, "application/json", namespaced("payments"),
                        Map.of("Authorization", "Bearer " + jwt(List.of("execute"), List.of("ecommerce"))))),
                Case.of("POST /v1/steps/batch", "a JWT of another namespace", 403, () -> sendTo(gateway, "POST",
                        "/v1/steps/batch", null, "application/json", "{\"steps\":[" + namespaced("payments") + "]}",
                        Map.of("Authorization", "Bearer " + jwt(List.of("execute"), List.of("ecommerce"))))),
                Case.of("POST /v1/steps", "malformed JSON", 400, () -> post("/v1/steps", "{\"step_definition\":")),
                Case.of("POST /v1/steps", "invalid step", 400,
                        () -> post("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},"
                                + "\"workflow_step\":{\"attempts\":\"two\"}}")),
                Case.of("POST /v1/steps", "unknown handler", 404, () -> post("/v1/steps", ECHO_STEP.replace("echo", "refund"))),
                Case.of("POST /v1/steps", "GET instead (a read key)", 405, () -> send("GET", "/v1/steps", READ_KEY)),
                Case.of("POST /v1/steps", "idempotency key reused", 409, () -> {
                    post("/v1/steps", reused);
                    return post("/v1/steps", reused.replace("\"a\":2", "\"a\":3"));
                }),
                Case.of("POST /v1/steps", "body over max_body_size", 413, () -> post("/v1/steps", tooLarge)),
                Case.of("POST /v1/steps", "text/plain", 415,
                        () -> sendWith("POST", "/v1/steps", EXECUTE_KEY, "text/plain", "order 42", Map.of())),
                Case.of("POST /v1/steps", "handler at its in-flight bound", 503,
                        () -> whileBlocked(() -> post("/v1/steps", BLOCKING_STEP))),
                Case.of("POST /v1/steps/batch", "two steps", 200,
                        () -> post("/v1/steps/batch", "{\"steps\":[" + ECHO_STEP + "," + ECHO_STEP.replace("echo", "fails")
                                + "]}")),
                Case.of("POST /v1/steps/batch", "no steps", 400, () -> post("/v1/steps/batch", "{\"steps\":[]}")),
                Case.of("POST /v1/steps/batch", "malformed JSON", 400, () -> post("/v1/steps/batch", "{\"steps\":[")),
                Case.of("POST /v1/steps/batch", "unknown handler", 404,
                        () -> post("/v1/steps/batch", "{\"steps\":[" + ECHO_STEP.replace("echo", "refund") + "]}")),
                Case.of("POST /v1/steps/batch", "PUT instead (an admin key)", 405,
                        () -> send("PUT", "/v1/steps/batch", ADMIN_KEY)),
                Case.of("POST /v1/steps/batch", "idempotency key reused", 409,
                        () -> post("/v1/steps/batch", "{\"steps\":[" + reused.replace("\"a\":2", "\"a\":4") + "]}")),
                Case.of("POST /v1/steps/batch", "body over max_body_size", 413,
                        () -> post("/v1/steps/batch", "{\"steps\":[" + tooLarge + "]}")),
                Case.of("POST /v1/steps/batch", "text/plain", 415,
                        () -> sendWith("POST", "/v1/steps/batch", EXECUTE_KEY, "text/plain", "steps", Map.of())),
                Case.of("POST /v1/steps/batch", "handler at its in-flight bound", 503,
                        () -> whileBlocked(() -> post("/v1/steps/batch", "{\"steps\":[" + BLOCKING_STEP + "]}"))),
                Case.of("GET /v1/steps/{step_uuid}", "stored", 200,
                        () -> send("GET", "/v1/steps/" + STORED_STEP, READ_KEY)),
                Case.of("GET /v1/steps/{step_uuid}", "not a UUID", 400, () -> send("GET", "/v1/steps/12345", READ_KEY)),
                Case.of("GET /v1/steps/{step_uuid}", "never executed", 404,
                        () -> send("GET", "/v1/steps/" + Uuids.v7(), READ_KEY)));
    }

    private static List<Case> webhookAndEventCases() {
        return List.of(
                Case.of("GET /v1/events/stats", "after events", 200, () -> send("GET", "/v1/events/stats", READ_KEY)),
                Case.of("GET /v1/webhooks", "one endpoint", 200, () -> send("GET", "/v1/webhooks", READ_KEY)),
                Case.of("GET /v1/webhooks/deliveries", "the log", 200, () -> {
                    firstDeliveryId();
                    return send("GET", "/v1/webhooks/deliveries?endpoint=orders&limit=10", READ_KEY);
                }),
                Case.of("GET /v1/webhooks/deliveries", "unknown status", 400,
                        () -> send("GET", "/v1/webhooks/deliveries?status=lost", READ_KEY)),
                Case.of("POST /v1/webhooks/deliveries/{id}/retry", "a delivery", 202,
                        () -> send("POST", "/v1/webhooks/deliveries/" + firstDeliveryId() + "/retry", ADMIN_KEY)),
                Case.of("POST /v1/webhooks/deliveries/{id}/retry", "not a UUID", 400,
                        () -> send("POST", "/v1/webhooks/deliveries/nope/retry", ADMIN_KEY)),
                Case.of("POST /v1/webhooks/deliveries/{id}/retry", "unknown", 404,
                        () -> send("POST", "/v1/webhooks/deliveries/" + Uuids.v7() + "/retry", ADMIN_KEY)),
                Case.of("POST /v1/webhooks/{endpoint}/replay", "since a time", 202,
                        () -> send("POST", "/v1/webhooks/orders/replay?since=" + SINCE, ADMIN_KEY)),
                Case.of("POST /v1/webhooks/{endpoint}/replay", "no since", 400,
                        () -> send("POST", "/v1/webhooks/orders/replay", ADMIN_KEY)),
                Case.of("POST /v1/webhooks/{endpoint}/replay", "unknown endpoint", 404,
                        () -> send("POST", "/v1/webhooks/nobody/replay?since=" + SINCE, ADMIN_KEY)));
    }

    private static List<Case> publicCases() {
        return List.of(
                Case.of("GET /health", "ready", 200, () -> send("GET", "/health", null)),
                Case.of("GET /health", "a required handler missing", 503, () -> unready.get("/health")),
                Case.of("GET /health/live", "up", 200, () -> send("GET", "/health/live", null)),
                Case.of("GET /health/ready", "ready", 200, () -> send("GET", "/health/ready", null)),
                Case.of("GET /health/ready", "a required handler missing", 503, () -> unready.get("/health/ready")),
                Case.of("GET /openapi.yaml", "the spec", 200, () -> send("GET", "/openapi.yaml", null)),
                Case.of("GET /docs", "Swagger UI", 200, () -> send("GET", "/docs", null)),
                Case.of("GET /metrics", "Prometheus text", 200, () -> send("GET", "/metrics", null)));
    }

    /**
     * For every operation: a request line and a head over the parser's limits; for every secured one also no
     * credentials, a wrong key, a key without the route's scope, and two credentials at once.
     */
    private static List<Case> everyOperationRefusals() {
        List<Case> cases = new ArrayList<>();
        for (String operation : contract.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = concretePath(operation.substring(operation.indexOf(' ') + 1));
            String key = keyFor(operation);
            cases.add(Case.of(operation, "request line over 8 KiB", 414, () -> sendWith(method,
                    path + (path.contains("?") ? "&" : "?") + "pad=" + "a".repeat(9000), key, null, null, Map.of())));
            cases.add(Case.of(operation, "head over 16 KiB", 431, () -> sendWith(method, path, key, null, null,
                    Map.of("X-Pad", "p".repeat(17 * 1024)))));
            if (key == null) {
                continue;
            }
            cases.add(Case.of(operation, "no credentials", 401, () -> sendWith(method, path, null, null, null, Map.of())));
            cases.add(Case.of(operation, "a wrong key", 401,
                    () -> sendWith(method, path, "zz_not_a_key_of_this_gateway", null, null, Map.of())));
            cases.add(Case.of(operation, "a key without the scope", 403,
                    () -> sendWith(method, path, key.equals(READ_KEY) ? EXECUTE_KEY : READ_KEY, null, null, Map.of())));
            cases.add(Case.of(operation, "X-API-Key and Bearer at once", 400, () -> sendWith(method, path, key, null,
                    null, Map.of("Authorization", "Bearer " + key))));
            String scope = key.equals(READ_KEY) ? "read" : key.equals(EXECUTE_KEY) ? "execute" : "admin";
            String otherScope = scope.equals("read") ? "execute" : "read";
            cases.add(Case.of(operation, "a JWT of an unknown key", 401, () -> sendWith(method, path, null, null, null,
                    Map.of("Authorization", "Bearer " + STRANGER.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-conformance",
                            Map.of("permissions", List.of(scope), "worker_namespaces", List.of("*"))))))));
            cases.add(Case.of(operation, "a JWT without the scope", 403, () -> sendWith(method, path, null, null, null,
                    Map.of("Authorization", "Bearer " + jwt(List.of(otherScope), List.of("*"))))));
            cases.add(Case.of(operation, "a JWT while the JWKS was never fetched", 503, () -> sendTo(unready, method,
                    path, null, null, null, Map.of("Authorization", "Bearer " + jwt(List.of(scope), List.of("*"))))));
        }
        return cases;
    }

    /** Over HTTPS the same answers; the plain port of a TLS gateway serves health checks only. */
    private static List<Case> httpsCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.of("GET /v1/handlers", "over HTTPS", 200, () -> sendUri(httpsClient,
                httpsUri("/v1/handlers"), "GET", null, null, null, Map.of())));
        cases.add(Case.of("GET /v1/handlers", "head over 16 KiB, over HTTPS", 431, () -> sendUri(httpsClient,
                httpsUri("/v1/handlers"), "GET", null, null, null, Map.of("X-Pad", "p".repeat(17 * 1024)))));
        cases.add(Case.of("GET /health/live", "on the plain port", 200, () -> sendUri(CLIENT, plainUri("/health/live"),
                "GET", null, null, null, Map.of())));
        for (String operation : contract.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            if (!path.startsWith("/health")) {
                cases.add(Case.of(operation, "on the plain port of a TLS gateway", 404, () -> sendUri(CLIENT,
                        plainUri(concretePath(path)), method, null, null, method.equals("POST") ? ECHO_STEP : null,
                        Map.of())));
            }
        }
        return cases;
    }

    private static URI httpsUri(String path) {
        return URI.create("https://127.0.0.1:" + https.server().port() + path);
    }

    private static URI plainUri(String path) {
        return URI.create("http://127.0.0.1:" + https.server().httpPort().orElseThrow() + path);
    }

    private static void everyDeclaredAnswerWasProvoked() {
        Set<String> declared = new LinkedHashSet<>();
        for (String operation : contract.operations()) {
            contract.statuses(operation).forEach(status -> declared.add(operation + " " + status));
        }
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(provoked);
        missing.removeAll(NOT_PROVOKED.keySet());

        assertThat(missing).as("declared answers no case provoked (add a case, or a reason to NOT_PROVOKED)").isEmpty();
        assertThat(provoked).as("answers the spec does not declare (each also failed its own case)").isSubsetOf(declared);
    }

    /** One request to one operation and the status it must answer, checked against the spec. */
    private record Case(String operation, String what, int expectedStatus, Supplier<HttpResponse<String>> request) {

        static Case of(String operation, String what, int expectedStatus, Supplier<HttpResponse<String>> request) {
            return new Case(operation, what, expectedStatus, request);
        }

        void check() {
            HttpResponse<String> response = request.get();
            provoked.add(operation + " " + response.statusCode());
            List<String> violations = contract.violations(operation, response);

            assertThat(violations).as("%s (%s): answers the spec does not declare", operation, what).isEmpty();
            assertThat(response.statusCode()).as("%s (%s): status of %s", operation, what, response.body())
                    .isEqualTo(expectedStatus);
        }

        @Override
        public String toString() {
            return operation + " " + expectedStatus + " (" + what + ")";
        }
    }

    private static String keyFor(String operation) {
        if (operation.startsWith("GET /health") || operation.equals("GET /metrics") || operation.equals("GET /openapi.yaml")
                || operation.equals("GET /docs")) {
            return null;
        }
        if (operation.startsWith("GET ") || operation.startsWith("HEAD ")) {
            return READ_KEY;
        }
        return operation.startsWith("POST /v1/steps") ? EXECUTE_KEY : ADMIN_KEY;
    }

    private static String concretePath(String template) {
        return template.replace("{name}", "echo").replace("{step_uuid}", STORED_STEP.toString())
                .replace("{id}", Uuids.v7().toString()).replace("{endpoint}", "orders");
    }

    private static HttpResponse<String> post(String path, String body) {
        return sendWith("POST", path, EXECUTE_KEY, "application/json", body, Map.of());
    }

    private static HttpResponse<String> send(String method, String path, String key) {
        return sendWith(method, path, key, null, null, Map.of());
    }

    private static HttpResponse<String> sendWith(String method, String path, String key, String contentType,
                                                 String body, Map<String, String> headers) {
        return sendTo(gateway, method, path, key, contentType, body, headers);
    }

    private static HttpResponse<String> sendTo(TestGateway target, String method, String path, String key,
                                               String contentType, String body, Map<String, String> headers) {
        return sendUri(CLIENT, target.uri(path), method, key, contentType, body, headers);
    }

    private static HttpResponse<String> sendUri(HttpClient client, URI uri, String method, String key,
                                                String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        } else if (method.equals("POST")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jwt(List<String> permissions, List<String> namespaces) {
        return SIGNER.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-conformance",
                Map.of("permissions", permissions, "worker_namespaces", namespaces)));
    }

    /** An echo step of task namespace {@code namespace}. */
    private static String namespaced(String namespace) {
        return "{\"task\":{\"task\":{\"context\":{}},\"namespace_name\":\"" + namespace + "\"},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";
    }

    /** Sends the request while a step of the {@code blocks} handler holds that handler's only permit. */
    private static HttpResponse<String> whileBlocked(Supplier<HttpResponse<String>> refused) {
        blockerEntered = new CountDownLatch(1);
        releaseBlocker = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> blocker = CompletableFuture.supplyAsync(
                () -> post("/v1/steps", BLOCKING_STEP));
        try {
            assertThat(blockerEntered.await(10, TimeUnit.SECONDS)).as("the blocking step runs").isTrue();
            return refused.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            releaseBlocker.countDown();
            assertThat(blocker.join().statusCode()).isEqualTo(200);
        }
    }

    /** Replaces the unready gateway's plugins folder by a file, reloads, and puts the folder back. */
    private static HttpResponse<String> reloadUnreadable() {
        Path folder = unready.home().resolve("plugins");
        Path aside = unready.home().resolve("plugins-aside");
        try {
            Files.createDirectories(folder);
            Files.move(folder, aside);
            Files.writeString(folder, "not a folder");
            try {
                return sendTo(unready, "POST", "/v1/plugins/reload", ADMIN_KEY, null, null, Map.of());
            } finally {
                Files.delete(folder);
                Files.move(aside, folder);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The id of a delivery of the {@code orders} endpoint, waiting (bounded) for the outbox to make one. */
    private static String firstDeliveryId() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode list = TestGateway.json(send("GET", "/v1/webhooks/deliveries?endpoint=orders", READ_KEY));
            if (list.path("deliveries").size() > 0) {
                return list.at("/deliveries/0/id").asText();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no delivery for the orders endpoint within 15 s");
    }
}
