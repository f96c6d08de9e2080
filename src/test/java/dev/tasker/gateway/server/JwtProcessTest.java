package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.testing.GatewayProcess;
import dev.tasker.gateway.testing.JwtTokens;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as an operator runs it, configured by environment variables alone: API keys from a mounted
 * secret file, JWT keys from PEM files; a token runs a step, a forged one is refused, and the text log names
 * the token's sub and kid but holds neither token nor key.
 */
class JwtProcessTest {

    static final String ISSUER = "https://id.tasker.example";
    static final String AUDIENCE = "tasker-worker-gateway";
    static final String API_KEY = "ak_7777777777777777777777";
    static final String ECHO_STEP = "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}";

    @TempDir
    Path home;

    @Test
    void aRealProcessAcceptsTokensAndKeysFromFilesAndLogsOnlySubAndKid() throws Exception {
        SigningKey key = SigningKey.ed25519("issuer-2026");
        Path pem = key.writePublicPem(home);
        Path keys = Files.writeString(home.resolve("api-keys"), "ops:" + API_KEY + ":read\n");
        String good = key.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-orders",
                Map.of("permissions", List.of("execute"))));
        String reader = key.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-reader",
                Map.of("permissions", List.of("read"))));
        String expired = key.sign(JwtTokens.expiringAt(JwtTokens.claims(ISSUER, AUDIENCE, "svc-late",
                Map.of("permissions", List.of("execute"))), Instant.now().minusSeconds(3600)));

        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "GATEWAY_DATA_DIR", home.resolve("data").toString(),
                "GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString(),
                "GATEWAY_API_KEYS_FILE", keys.toString(),
                "GATEWAY_JWT_PUBLIC_KEY_FILES", pem.toString(),
                "GATEWAY_JWT_ISSUER", ISSUER,
                "GATEWAY_JWT_AUDIENCE", AUDIENCE), home.resolve("gateway.log"))) {
            HttpResponse<String> ran = gateway.send(step(gateway, good));
            HttpResponse<String> refused = gateway.send(step(gateway, expired));
            HttpResponse<String> forbidden = gateway.send(step(gateway, reader));
            HttpResponse<String> byKey = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                    .header("X-API-Key", API_KEY).build());

            assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).contains("error=\"invalid_token\""));
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(byKey.statusCode()).isEqualTo(200);

            String log = gateway.log();
            assertThat(log).contains("jwt_sub=svc-reader - refused POST /v1/steps: token of 'svc-reader' lacks scope"
                    + " 'execute'").contains("invalid bearer token (expired; kid issuer-2026)")
                    .contains("bearer JWTs on: issuer " + ISSUER).doesNotContain("svc-late");
            assertThat(log).doesNotContain(good).doesNotContain(expired).doesNotContain(reader).doesNotContain(API_KEY)
                    .doesNotContain(good.substring(good.lastIndexOf('.') + 1));
        }
    }

    private static HttpRequest step(GatewayProcess gateway, String token) {
        return HttpRequest.newBuilder(gateway.uri("/v1/steps")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(ECHO_STEP)).build();
    }
}
