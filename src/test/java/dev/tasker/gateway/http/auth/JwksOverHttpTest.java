package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import dev.tasker.gateway.testing.JwksServer;
import dev.tasker.gateway.testing.JwtTokens;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys from a JWKS served by a local HTTP server to a real gateway: a rotated key is picked up, made-up kids
 * cannot make it fetch more than the minimum interval allows, an outage keeps the cached keys, and a JWKS that
 * was never reachable answers 503 rather than calling good tokens invalid.
 */
class JwksOverHttpTest {

    static final String ISSUER = "https://id.tasker.example";
    static final String AUDIENCE = "tasker-worker-gateway";

    static final SigningKey K1 = SigningKey.rsa("2026-11");
    static final SigningKey K2 = SigningKey.ed25519("2026-12");

    static TestGateway gateway(JwksServer jwks, String minRefresh) {
        return TestGateway.start(Map.of("jwt.jwks_url", jwks.url().toString(), "jwt.issuer", ISSUER,
                "jwt.audience", AUDIENCE, "jwt.jwks_min_refresh", minRefresh));
    }

    static int status(TestGateway gateway, SigningKey key) {
        String token = key.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-1", Map.of("permissions", List.of("read"))));
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                .header("Authorization", "Bearer " + token).build());
        return response.statusCode();
    }

    static List<JWK> jwks(SigningKey... keys) {
        return java.util.Arrays.stream(keys).map(SigningKey::publicJwk).toList();
    }

    @Test
    void aRotatedKeyIsPickedUpOnItsFirstToken() throws Exception {
        try (JwksServer jwks = JwksServer.start(jwks(K1)); TestGateway gateway = gateway(jwks, "1ms")) {
            assertThat(status(gateway, K1)).isEqualTo(200);
            jwks.serve(jwks(K2));
            Thread.sleep(5); // past the 1 ms minimum refresh interval

            assertThat(status(gateway, K2)).isEqualTo(200);
            assertThat(jwks.fetches()).isEqualTo(2);
        }
    }

    @Test
    void unknownKidsWithinTheMinimumIntervalFetchNothing() {
        try (JwksServer jwks = JwksServer.start(jwks(K1)); TestGateway gateway = gateway(jwks, "1h")) {
            assertThat(status(gateway, K1)).isEqualTo(200);
            jwks.serve(jwks(K1, K2));

            for (int i = 0; i < 20; i++) {
                assertThat(status(gateway, SigningKey.ec("made-up-" + i))).isEqualTo(401);
            }
            assertThat(status(gateway, K2)).as("rotated, but the interval has not passed").isEqualTo(401);
            assertThat(status(gateway, K1)).isEqualTo(200);
            assertThat(jwks.fetches()).isEqualTo(1);
        }
    }

    @Test
    void anOutageKeepsTheCachedKeys() throws Exception {
        try (JwksServer jwks = JwksServer.start(jwks(K1)); TestGateway gateway = gateway(jwks, "1ms")) {
            assertThat(status(gateway, K1)).isEqualTo(200);
            jwks.failing(true);
            Thread.sleep(5);

            assertThat(status(gateway, K2)).as("refresh attempted, failed").isEqualTo(401);
            assertThat(jwks.fetches()).isEqualTo(2);
            assertThat(status(gateway, K1)).isEqualTo(200);

            jwks.close();
            Thread.sleep(5);
            assertThat(status(gateway, K2)).as("server gone").isEqualTo(401);
            assertThat(status(gateway, K1)).isEqualTo(200);
        }
    }

    @Test
    void aJwksNeverReachedAnswers503() {
        JwksServer jwks = JwksServer.start(jwks(K1));
        jwks.failing(true);
        try (jwks; TestGateway gateway = gateway(jwks, "1h")) {
            String token = K1.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc-1", Map.of()));
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/handlers"))
                    .header("Authorization", "Bearer " + token).build());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(TestGateway.json(response).get("error_code").asText()).isEqualTo("TOKEN_KEYS_UNAVAILABLE");
        }
    }
}
