package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicPathsTest {

    private final PublicPaths paths = new PublicPaths(List.of("/health", "/health/*", "/metrics", "/docs/*"));

    @ParameterizedTest(name = "{0} public={1}")
    @CsvSource({
            "/health, true", "/health/, true", "/health/ready, true", "/metrics, true", "/docs/assets/x.js, true",
            "/metrics/x, false", "/healthz, false", "/docs, false", "/v1/handlers, false",
            "/health/../v1/plugins/reload, false", "/health/%2e%2e/v1/plugins/reload, false",
            "/health/./ready, false", "//health, false", "/health%2Fready, false"})
    void matchesExactPathsAndPrefixesButNeverDotSegmentsOrEncodings(String path, boolean expected) {
        assertThat(paths.matches(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
            "GET, /v1/handlers, READ", "HEAD, /v1/handlers/echo, READ", "GET, /v1/webhooks/deliveries, READ",
            "POST, /v1/steps, EXECUTE", "POST, /v1/steps/batch, EXECUTE", "POST, /v1/plugins/reload, ADMIN",
            "POST, /v1/webhooks/deliveries/7/retry, ADMIN", "POST, /v1/webhooks/orders/replay, ADMIN",
            "PUT, /v1/steps, ADMIN", "DELETE, /v1/handlers/echo, ADMIN", "POST, /v1/steps/x, ADMIN"})
    void scopeIsDecidedByMethodAndPath(String method, String path, ApiScope scope) {
        assertThat(RouteScopes.required(method, path)).isEqualTo(scope);
    }
}
