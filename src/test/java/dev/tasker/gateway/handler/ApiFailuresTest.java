package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.model.BackoffHint;
import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.StepExecutionResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract 1.4 as a pure table: no server, no clock. */
class ApiFailuresTest {

    private static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");
    private static final URI URI_WITH_SECRETS = URI.create("https://user:pw@api.example.com:8443/v1/orders/7?token=abc#x");

    @ParameterizedTest(name = "HTTP {0} -> {1}, retryable {2}, Retry-After hint {3}")
    @CsvSource(nullValues = "-", value = {
            "200, -,                 false, -",
            "201, -,                 false, -",
            "204, -,                 false, -",
            "299, -,                 false, -",
            "408, timeout,           true,  SERVER_REQUESTED",
            "504, timeout,           true,  SERVER_REQUESTED",
            "425, retryable_error,   true,  RATE_LIMIT",
            "429, retryable_error,   true,  RATE_LIMIT",
            "400, validation_error,  false, -",
            "422, validation_error,  false, -",
            "401, permanent_error,   false, -",
            "403, permanent_error,   false, -",
            "404, permanent_error,   false, -",
            "409, permanent_error,   false, -",
            "410, permanent_error,   false, -",
            "451, permanent_error,   false, -",
            "300, permanent_error,   false, -",
            "301, permanent_error,   false, -",
            "302, permanent_error,   false, -",
            "304, permanent_error,   false, -",
            "307, permanent_error,   false, -",
            "308, permanent_error,   false, -",
            "500, retryable_error,   true,  SERVER_REQUESTED",
            "502, retryable_error,   true,  SERVER_REQUESTED",
            "503, retryable_error,   true,  SERVICE_UNAVAILABLE",
            "507, retryable_error,   true,  SERVER_REQUESTED",
            "599, retryable_error,   true,  SERVER_REQUESTED",
            "501, permanent_error,   false, -",
            "505, permanent_error,   false, -",
            "600, permanent_error,   false, -",
            "100, permanent_error,   false, -"})
    void classifiesEveryStatusByTheContractTable(int status, String errorType, boolean retryable,
                                                  BackoffHintType hint) {
        ApiFailures.StatusClassification classification = ApiFailures.classify(status);

        assertThat(classification.success()).isEqualTo(errorType == null);
        assertThat(classification.errorType()).isEqualTo(errorType);
        assertThat(classification.retryable()).isEqualTo(retryable);
        assertThat(classification.retryAfterHint()).isEqualTo(hint);
    }

    @Nested
    class StatusFailure {

        @Test
        void carriesCodeStatusContextAndMessageFromTheJsonBody() {
            StepExecutionResult result = ApiFailures.fromResponse(
                    response(404, "application/json", "{\"error\":\"order 7 not found\"}", Map.of()), NOW);

            assertThat(result.success()).isFalse();
            assertThat(result.status()).isEqualTo("failed");
            assertThat(result.errorCode()).isEqualTo("HTTP_404");
            assertThat(result.errorType()).isEqualTo("permanent_error");
            assertThat(result.isRetryable()).isFalse();
            assertThat(result.error().retryable()).isFalse();
            assertThat(result.error().errorType()).isEqualTo("permanent_error");
            assertThat(result.error().statusCode()).isEqualTo(404);
            assertThat(result.error().message()).isEqualTo("HTTP 404: order 7 not found");
            assertThat(result.metadata().context()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "http_status", 404, "method", "GET", "url", "https://api.example.com:8443/v1/orders/7"));
            assertThat(result.orchestrationMetadata().headers()).isEmpty();
            assertThat(result.orchestrationMetadata().backoffHint()).isNull();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "{\"error\":\"e\",\"message\":\"m\"}                   | e",
                "{\"message\":\"m\",\"detail\":\"d\"}                  | m",
                "{\"detail\":\"d\",\"title\":\"t\"}                    | d",
                "{\"title\":\"t\"}                                     | t",
                "{\"error\":{\"message\":\"nested\"},\"title\":\"t\"}  | nested",
                "{\"error\":\"\",\"title\":\"t\"}                      | t",
                "{\"code\":42}                                         | Unprocessable Content",
                "[\"not an object\"]                                   | Unprocessable Content",
                "not json at all                                       | Unprocessable Content"})
        void detailComesFromErrorMessageDetailOrTitleInThatOrder(String body, String detail) {
            StepExecutionResult result = ApiFailures.fromResponse(response(422, "application/json", body, Map.of()),
                    NOW);

            assertThat(result.error().message()).isEqualTo("HTTP 422: " + detail);
        }

        @Test
        void aNonJsonBodyIsNotReadForTheDetail() {
            StepExecutionResult result = ApiFailures.fromResponse(
                    response(500, "text/html", "{\"error\":\"looks like json\"}", Map.of()), NOW);

            assertThat(result.error().message()).isEqualTo("HTTP 500: Internal Server Error");
        }

        @Test
        void refusesASuccess() {
            assertThatThrownBy(() -> ApiFailures.fromResponse(response(200, "text/plain", "", Map.of()), NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class RetryAfterForwarding {

        @ParameterizedTest(name = "HTTP {0} with Retry-After {1}")
        @CsvSource({
                "429, 30, RATE_LIMIT",
                "425, 5, RATE_LIMIT",
                "503, 120, SERVICE_UNAVAILABLE",
                "500, 7, SERVER_REQUESTED",
                "504, 9, SERVER_REQUESTED"})
        void secondsGoToHeadersAndTheBackoffHint(int status, String seconds, BackoffHintType type) {
            StepExecutionResult result = ApiFailures.fromResponse(
                    response(status, "text/plain", "", Map.of("Retry-After", seconds)), NOW);

            assertThat(result.orchestrationMetadata().headers()).containsExactly(Map.entry("Retry-After", seconds));
            BackoffHint hint = result.orchestrationMetadata().backoffHint();
            assertThat(hint.backoffType()).isEqualTo(type);
            assertThat(hint.delaySeconds()).isEqualTo(Long.parseLong(seconds));
            assertThat(result.isRetryable()).isTrue();
        }

        @Test
        void anHttpDateIsForwardedVerbatimAndMeasuredFromNow() {
            String date = "Sat, 28 Nov 2026 15:01:30 GMT";
            StepExecutionResult result = ApiFailures.fromResponse(
                    response(429, "text/plain", "", Map.of("Retry-After", date)), NOW);

            assertThat(result.orchestrationMetadata().headers()).containsExactly(Map.entry("Retry-After", date));
            assertThat(result.orchestrationMetadata().backoffHint())
                    .isEqualTo(new BackoffHint(BackoffHintType.RATE_LIMIT, 90, "Retry-After from HTTP 429"));
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 404, 501, 301})
        void isIgnoredOnStatusesThatAreNotRetried(int status) {
            StepExecutionResult result = ApiFailures.fromResponse(
                    response(status, "text/plain", "", Map.of("Retry-After", "30")), NOW);

            assertThat(result.orchestrationMetadata().headers()).isEmpty();
            assertThat(result.orchestrationMetadata().backoffHint()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "-5", "1.5", "Tuesday"})
        void anUnparseableValueIsDropped(String value) {
            StepExecutionResult result = ApiFailures.fromResponse(
                    response(429, "text/plain", "", Map.of("Retry-After", value)), NOW);

            assertThat(result.orchestrationMetadata().headers()).isEmpty();
            assertThat(result.orchestrationMetadata().backoffHint()).isNull();
            assertThat(result.isRetryable()).isTrue();
        }
    }

    @Nested
    class TransportFailure {

        @Test
        void connectionErrorIsRetryableWithoutSecretsInTheUrl() {
            StepExecutionResult result = ApiFailures.connectionError("POST", URI_WITH_SECRETS,
                    new ConnectException("Connection refused"));

            assertThat(result.errorCode()).isEqualTo("CONNECTION_ERROR");
            assertThat(result.errorType()).isEqualTo("retryable_error");
            assertThat(result.isRetryable()).isTrue();
            assertThat(result.error().statusCode()).isNull();
            assertThat(result.error().message()).isEqualTo(
                    "Connection to api.example.com:8443 failed: Connection refused");
            assertThat(result.metadata().context()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "method", "POST", "url", "https://api.example.com:8443/v1/orders/7"));
        }

        @Test
        void connectionErrorWithoutMessageNamesTheException() {
            StepExecutionResult result = ApiFailures.connectionError("GET", URI_WITH_SECRETS, new IOException());

            assertThat(result.error().message()).endsWith("failed: IOException");
        }

        @Test
        void clientTimeoutIsARetryableTimeout() {
            StepExecutionResult result = ApiFailures.timeout("GET", URI_WITH_SECRETS, Duration.ofMillis(250));

            assertThat(result.errorCode()).isEqualTo("HTTP_TIMEOUT");
            assertThat(result.errorType()).isEqualTo("timeout");
            assertThat(result.isRetryable()).isTrue();
            assertThat(result.metadata().context()).containsEntry("timeout_ms", 250L);
        }
    }

    private static ApiResponse response(int status, String contentType, String body, Map<String, String> headers) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        all.put("Content-Type", List.of(contentType));
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        return new ApiResponse("GET", URI_WITH_SECRETS, status, all, body);
    }
}
