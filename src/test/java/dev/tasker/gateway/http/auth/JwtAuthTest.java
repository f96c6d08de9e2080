package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tasker.gateway.testing.JwtTokens;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bearer JWTs on a real gateway over HTTP, keys from PEM files made by the test: RS256, ES256 and EdDSA accepted;
 * every forgery and every failed claim refused 401 with {@code error="invalid_token"}; scopes through the scope
 * map; namespaces through {@code worker_namespaces}; API keys alongside; nothing of a token in the logs.
 */
class JwtAuthTest {

    static final String ISSUER = "https://id.tasker.example";
    static final String AUDIENCE = "tasker-worker-gateway";
    static final String API_KEY = "ak_5555555555555555555555";
    static final String ECHO_STEP = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";

    static final SigningKey RSA = SigningKey.rsa("rsa-1");
    static final SigningKey EC = SigningKey.ec("ec-1");
    static final SigningKey ED = SigningKey.ed25519("ed-1");
    static final SigningKey STRANGER = SigningKey.rsa("rsa-1"); // same kid, not configured

    static final List<String> issued = new ArrayList<>();
    static LogCapture logs;
    static TestGateway gateway;
    static Path keysDir;

    @BeforeAll
    static void start() throws IOException {
        logs = LogCapture.start();
        keysDir = Files.createTempDirectory("jwt-keys");
        String files = String.join(",", RSA.writePublicPem(keysDir).toString(), EC.writePublicPem(keysDir).toString(),
                ED.writePublicPem(keysDir).toString());
        gateway = TestGateway.start(Map.of("jwt.public_key_files", files, "jwt.issuer", ISSUER,
                "jwt.audience", AUDIENCE, "jwt.namespaces_claim", "worker_namespaces",
                "api_keys", "ops:" + API_KEY + ":read+execute"));
    }

    @AfterAll
    static void stopAndCheckLogs() {
        gateway.close();
        logs.close();
        List<String> lines = logs.lines();
        for (String token : issued) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(lines).as("no log line holds a token or its signature")
                    .noneMatch(line -> line.contains(token) || !signature.isEmpty() && line.contains(signature));
        }
        assertThat(lines).as("refusals name the kid").anyMatch(line -> line.contains("invalid bearer token (expired; kid rsa-1)"));
        assertThat(lines).as("lines while serving name the sub").anyMatch(line -> line.contains("\"jwt_sub\":\"svc-orders\""));
    }

    static JWTClaimsSet claims(Map<String, Object> extra) {
        return JwtTokens.claims(ISSUER, AUDIENCE, "svc-orders", extra);
    }

    static JWTClaimsSet allowed() {
        return claims(Map.of("permissions", List.of("read", "execute"), "worker_namespaces", List.of("*")));
    }

    static String remember(String token) {
        issued.add(token);
        return token;
    }

    static HttpResponse<String> post(String path, String body, String token) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + remember(token)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static HttpResponse<String> get(String path, String token) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", "Bearer " + remember(token))
                .GET().build());
    }

    static String step(String namespace) {
        return "{\"task\":{\"namespace_name\":\"" + namespace + "\"},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";
    }

    @Nested
    class Accepted {

        static Stream<SigningKey> keys() {
            return Stream.of(RSA, EC, ED);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("keys")
        void aTokenSignedWithEachAlgorithmRunsAStep(SigningKey key) {
            HttpResponse<String> response = post("/v1/steps", ECHO_STEP, key.sign(allowed()));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(TestGateway.json(response).get("success").asBoolean()).isTrue();
        }

        @Test
        void aTokenWithoutKidIsCheckedAgainstEveryKeyOfItsType() {
            assertThat(post("/v1/steps", ECHO_STEP, EC.sign(allowed(), null)).statusCode()).isEqualTo(200);
        }

        @Test
        void expiryWithinTheClockSkewIsAccepted() {
            JWTClaimsSet justExpired = JwtTokens.expiringAt(allowed(), Instant.now().minus(Duration.ofSeconds(20)));

            assertThat(post("/v1/steps", ECHO_STEP, RSA.sign(justExpired)).statusCode()).isEqualTo(200);
        }

        @Test
        void anApiKeyStillWorksBesideJwts() {
            HttpResponse<String> asBearer = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                    .header("Authorization", "Bearer " + API_KEY).build());
            HttpResponse<String> asHeader = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                    .header("X-API-Key", API_KEY).build());

            assertThat(asBearer.statusCode()).isEqualTo(200);
            assertThat(asHeader.statusCode()).isEqualTo(200);
        }
    }

    static Stream<Arguments> refused() {
        JWTClaimsSet ok = allowed();
        Date past = Date.from(Instant.now().minus(Duration.ofHours(1)));
        return Stream.of(
                Arguments.of("expired", RSA.sign(JwtTokens.expiringAt(ok, past.toInstant())), "expired"),
                Arguments.of("no exp", RSA.sign(new JWTClaimsSet.Builder(ok).expirationTime(null).build()), "no exp"),
                Arguments.of("not yet valid", RSA.sign(new JWTClaimsSet.Builder(ok)
                        .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build()), "nbf"),
                Arguments.of("wrong audience", EC.sign(new JWTClaimsSet.Builder(ok).audience("someone-else").build()),
                        "wrong audience"),
                Arguments.of("wrong issuer", ED.sign(new JWTClaimsSet.Builder(ok).issuer("https://evil.example").build()),
                        "wrong issuer"),
                Arguments.of("no sub", RSA.sign(new JWTClaimsSet.Builder(ok).subject(null).build()), "no sub"),
                Arguments.of("unknown kid", RSA.sign(ok, "rsa-9"), "unknown kid"),
                Arguments.of("kid of another key type", RSA.sign(ok, "ec-1"), "unknown kid"),
                Arguments.of("signed by a stranger with a known kid", STRANGER.sign(ok), "signature"),
                Arguments.of("alg none", JwtTokens.unsigned(ok, "rsa-1"), "not a signed JWT"),
                Arguments.of("HS256 keyed with the public key", RSA.signHs256WithPublicKey(ok), "alg HS256"),
                Arguments.of("tampered claims", tamper(RSA.sign(ok)), "signature"));
    }

    /** The token with its payload replaced by one granting admin, the signature kept. */
    static String tamper(String token) {
        String[] parts = token.split("\\.");
        JWTClaimsSet admin = claims(Map.of("permissions", List.of("worker:*"), "worker_namespaces", List.of("*")));
        return parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(admin.toString()) + "." + parts[2];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedTokensAre401InvalidTokenProblems(String name, String token, String reason) {
        HttpResponse<String> response = post("/v1/steps", ECHO_STEP, token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer realm=\"tasker-worker-gateway\", error=\"invalid_token\""));
        JsonNode problem = TestGateway.json(response);
        assertThat(problem.get("error_code").asText()).isEqualTo("TOKEN_INVALID");
        assertThat(problem.get("detail").asText()).contains(reason);
        assertThat(response.body()).doesNotContain(token);
    }

    @Test
    void anApiKeyAndABearerTokenTogetherAre400() {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                .header("X-API-Key", API_KEY).header("Authorization", "Bearer " + remember(RSA.sign(allowed())))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(response).get("error_code").asText()).isEqualTo("AUTH_AMBIGUOUS");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"tasker-worker-gateway\", error=\"invalid_request\"");
    }

    @Nested
    class Scopes {

        @Test
        void aReadPermissionReadsButCannotExecute() {
            String reader = RSA.sign(claims(Map.of("permissions", List.of("read"), "worker_namespaces", List.of("*"))));

            HttpResponse<String> read = get("/v1/handlers", reader);
            HttpResponse<String> execute = post("/v1/steps", ECHO_STEP, reader);

            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(execute.statusCode()).isEqualTo(403);
            assertThat(TestGateway.json(execute).get("error_code").asText()).isEqualTo("TOKEN_SCOPE_MISSING");
            assertThat(TestGateway.json(execute).get("detail").asText()).contains("'svc-orders'").contains("'execute'");
            assertThat(execute.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer realm=\"tasker-worker-gateway\", error=\"insufficient_scope\", scope=\"execute\"");
        }

        @Test
        void workerStarGrantsEveryScope() {
            String all = EC.sign(claims(Map.of("permissions", List.of("worker:*"), "worker_namespaces", List.of("*"))));

            assertThat(post("/v1/plugins/reload", "", all).statusCode()).isEqualTo(200);
            assertThat(post("/v1/steps", ECHO_STEP, all).statusCode()).isEqualTo(200);
        }

        @Test
        void aSpaceSeparatedStringOfPermissionsCounts() {
            String token = ED.sign(claims(Map.of("permissions", "read execute", "worker_namespaces", List.of("*"))));

            assertThat(post("/v1/steps", ECHO_STEP, token).statusCode()).isEqualTo(200);
            assertThat(post("/v1/plugins/reload", "", token).statusCode()).isEqualTo(403);
        }

        @Test
        void unmappedPermissionsGrantNothing() {
            String token = RSA.sign(claims(Map.of("permissions", List.of("tasks:create", "steps:*"))));

            assertThat(get("/v1/handlers", token).statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class Namespaces {

        static String runner(Object namespaces) {
            return RSA.sign(claims(Map.of("permissions", List.of("execute"), "worker_namespaces", namespaces)));
        }

        @Test
        void aStepOfAListedNamespaceRuns() {
            assertThat(post("/v1/steps", step("ecommerce"), runner(List.of("ecommerce", "billing"))).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void aStepOfAnotherNamespaceIs403Problem() {
            HttpResponse<String> response = post("/v1/steps", step("payments"), runner(List.of("ecommerce")));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = TestGateway.json(response);
            assertThat(problem.get("error_code").asText()).isEqualTo("NAMESPACE_FORBIDDEN");
            assertThat(problem.get("detail").asText()).contains("'svc-orders'").contains("'payments'");
        }

        @Test
        void aBatchWithOneForbiddenStepIsRefusedWhole() {
            String batch = "{\"steps\":[" + step("ecommerce") + "," + step("payments") + "]}";

            HttpResponse<String> response = post("/v1/steps/batch", batch, runner(List.of("ecommerce")));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(TestGateway.json(response).get("detail").asText()).startsWith("step 1:");
        }

        @Test
        void aTokenWithoutTheClaimMayExecuteNoNamespace() {
            String token = RSA.sign(claims(Map.of("permissions", List.of("execute"))));

            assertThat(post("/v1/steps", step("ecommerce"), token).statusCode()).isEqualTo(403);
            assertThat(post("/v1/steps", ECHO_STEP, token).statusCode()).isEqualTo(403);
        }

        @Test
        void anApiKeyIsNotRestrictedToNamespaces() {
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                    .header("Content-Type", "application/json").header("X-API-Key", API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(step("payments"))).build());

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCustomScopeClaimAndMapReplaceTheDefaults() {
        try (TestGateway custom = TestGateway.start(Map.of("jwt.public_key_files", RSA.writePublicPem(keysDir).toString(),
                "jwt.issuer", ISSUER, "jwt.audience", AUDIENCE, "jwt.scopes_claim", "scope",
                "jwt.scope_map", "steps:run=execute,handlers:list=read"))) {
            String runner = remember(RSA.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-runner",
                    Map.of("scope", "steps:run openid"))));
            String defaults = remember(RSA.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-runner",
                    Map.of("scope", "read execute", "permissions", List.of("worker:*")))));

            HttpResponse<String> ran = custom.send(HttpRequest.newBuilder(custom.uri("/v1/steps"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + runner)
                    .POST(HttpRequest.BodyPublishers.ofString(ECHO_STEP)).build());
            HttpResponse<String> listed = custom.send(HttpRequest.newBuilder(custom.uri("/v1/handlers"))
                    .header("Authorization", "Bearer " + runner).build());
            HttpResponse<String> withDefaults = custom.send(HttpRequest.newBuilder(custom.uri("/v1/handlers"))
                    .header("Authorization", "Bearer " + defaults).build());

            assertThat(ran.statusCode()).as("no namespaces_claim: no restriction").isEqualTo(200);
            assertThat(listed.statusCode()).isEqualTo(403);
            assertThat(withDefaults.statusCode()).as("the default map is replaced, permissions not read").isEqualTo(403);
        }
    }
}
