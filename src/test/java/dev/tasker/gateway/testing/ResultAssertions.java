package dev.tasker.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * The one check every result the gateway emits goes through: the strict Rust serde rules of the contract
 * (section 0 and 1) plus the fields the gateway owns (1.2). Tests add their own assertions on the values.
 */
public final class ResultAssertions {

    public static final Pattern UUID_LOWER_HYPHENATED =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final Pattern TIMESTAMP_Z_MICROS =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

    private static final List<String> RESULT_KEYS =
            List.of("step_uuid", "success", "result", "metadata", "status", "error", "orchestration_metadata");
    private static final List<String> METADATA_KEYS = List.of("execution_time_ms", "handler_version", "retryable",
            "completed_at", "worker_id", "worker_hostname", "started_at", "custom", "error_code", "error_type",
            "context");
    private static final Set<String> ERROR_REQUIRED = Set.of("message", "error_type", "backtrace", "retryable");
    private static final Set<String> ERROR_OPTIONAL = Set.of("status_code", "context");
    private static final List<String> ORCHESTRATION_KEYS = List.of("headers", "error_context", "backoff_hint", "custom");
    private static final Set<String> BACKOFF_TYPES = Set.of("ServerRequested", "RateLimit", "ServiceUnavailable", "Custom");

    private ResultAssertions() {
    }

    /**
     * A 200 {@code application/json} answer holding a strict result for the given step.
     *
     * @return the result as a tree, for further assertions
     */
    public static JsonNode assertGatewayResult(HttpResponse<String> response, String expectedStepUuid) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode result = TestGateway.json(response);
        assertGatewayResult(result);
        if (expectedStepUuid != null) {
            assertThat(result.get("step_uuid").asText()).isEqualTo(expectedStepUuid);
        }
        return result;
    }

    /** Like {@link #assertGatewayResult(HttpResponse, String)} for any step uuid. */
    public static JsonNode assertGatewayResult(HttpResponse<String> response) {
        return assertGatewayResult(response, null);
    }

    /** The strict serde rules plus the gateway-owned fields (worker id, handler version, timings). */
    public static void assertGatewayResult(JsonNode result) {
        SoftAssertions soft = new SoftAssertions();
        checkStrict(result, soft);
        JsonNode metadata = result.path("metadata");
        soft.assertThat(metadata.path("worker_id").isTextual() && !metadata.path("worker_id").asText().isBlank())
                .as("metadata.worker_id filled by the gateway: %s", metadata.path("worker_id")).isTrue();
        soft.assertThat(metadata.path("handler_version").isTextual()
                        && !metadata.path("handler_version").asText().isBlank())
                .as("metadata.handler_version filled by the gateway: %s", metadata.path("handler_version")).isTrue();
        soft.assertThat(metadata.path("started_at").isTextual()).as("metadata.started_at filled").isTrue();
        if (metadata.path("started_at").isTextual() && metadata.path("completed_at").isTextual()
                && metadata.path("execution_time_ms").canConvertToLong()) {
            Instant started = Instant.parse(metadata.get("started_at").asText());
            Instant completed = Instant.parse(metadata.get("completed_at").asText());
            soft.assertThat(Duration.between(started, completed).toMillis())
                    .as("completed_at - started_at = execution_time_ms")
                    .isEqualTo(metadata.get("execution_time_ms").asLong());
        }
        soft.assertAll();
    }

    /** Only the strict serde rules (for results the gateway did not finish, e.g. factory output). */
    public static void assertStrictResult(JsonNode result) {
        SoftAssertions soft = new SoftAssertions();
        checkStrict(result, soft);
        soft.assertAll();
    }

    private static void checkStrict(JsonNode result, SoftAssertions soft) {
        soft.assertThat(fieldNames(result)).as("result keys of %s", result).containsExactlyInAnyOrderElementsOf(RESULT_KEYS);
        soft.assertThat(result.path("step_uuid").asText()).as("step_uuid").matches(UUID_LOWER_HYPHENATED);
        soft.assertThat(result.path("success").isBoolean()).as("success is a boolean").isTrue();
        String status = result.path("status").asText();
        soft.assertThat(status).as("status").isIn("completed", "failed", "error");
        soft.assertThat(result.path("success").asBoolean()).as("success agrees with status %s", status)
                .isEqualTo(status.equals("completed"));

        JsonNode metadata = result.path("metadata");
        soft.assertThat(fieldNames(metadata)).as("metadata keys").containsExactlyInAnyOrderElementsOf(METADATA_KEYS);
        soft.assertThat(metadata.path("execution_time_ms").isIntegralNumber()).as("execution_time_ms is an integer").isTrue();
        soft.assertThat(metadata.path("execution_time_ms").asLong()).as("execution_time_ms").isNotNegative();
        soft.assertThat(metadata.path("retryable").isBoolean()).as("metadata.retryable is a boolean").isTrue();
        assertTimestamp(soft, metadata.path("completed_at"), "metadata.completed_at", false);
        assertTimestamp(soft, metadata.path("started_at"), "metadata.started_at", true);
        assertStringOrNull(soft, metadata.path("handler_version"), "metadata.handler_version");
        assertStringOrNull(soft, metadata.path("worker_id"), "metadata.worker_id");
        assertStringOrNull(soft, metadata.path("worker_hostname"), "metadata.worker_hostname");
        assertStringOrNull(soft, metadata.path("error_code"), "metadata.error_code");
        assertStringOrNull(soft, metadata.path("error_type"), "metadata.error_type");
        soft.assertThat(metadata.path("custom").isObject()).as("metadata.custom is an object").isTrue();
        soft.assertThat(metadata.path("context").isObject()).as("metadata.context is an object").isTrue();

        JsonNode error = result.path("error");
        if (error.isObject()) {
            List<String> keys = fieldNames(error);
            soft.assertThat(keys).as("error keys").containsAll(ERROR_REQUIRED);
            soft.assertThat(keys.stream().filter(k -> !ERROR_REQUIRED.contains(k) && !ERROR_OPTIONAL.contains(k)))
                    .as("unexpected error keys").isEmpty();
            soft.assertThat(error.path("message").isTextual()).as("error.message is a string").isTrue();
            assertStringOrNull(soft, error.path("error_type"), "error.error_type");
            JsonNode backtrace = error.path("backtrace");
            soft.assertThat(backtrace.isNull() || (backtrace.isArray() && allText(backtrace)))
                    .as("error.backtrace is null or strings: %s", backtrace).isTrue();
            soft.assertThat(error.path("retryable").isBoolean()).as("error.retryable is a boolean").isTrue();
            soft.assertThat(error.path("retryable").asBoolean()).as("error.retryable == metadata.retryable")
                    .isEqualTo(metadata.path("retryable").asBoolean());
            if (error.has("status_code")) {
                soft.assertThat(error.get("status_code").isInt()).as("error.status_code is an integer").isTrue();
            }
            if (error.has("context")) {
                soft.assertThat(error.get("context").isObject() && error.get("context").size() > 0)
                        .as("error.context written only when non-empty").isTrue();
            }
        } else {
            soft.assertThat(error.isNull()).as("error is null or an object: %s", error).isTrue();
        }
        soft.assertThat(error.isNull()).as("error is null exactly for a success").isEqualTo(status.equals("completed"));

        JsonNode orchestration = result.path("orchestration_metadata");
        if (orchestration.isObject()) {
            soft.assertThat(fieldNames(orchestration)).as("orchestration_metadata keys")
                    .containsExactlyInAnyOrderElementsOf(ORCHESTRATION_KEYS);
            JsonNode headers = orchestration.path("headers");
            soft.assertThat(headers.isObject() && allText(headers)).as("headers: object of strings").isTrue();
            assertStringOrNull(soft, orchestration.path("error_context"), "error_context");
            soft.assertThat(orchestration.path("custom").isObject()).as("orchestration custom is an object").isTrue();
            JsonNode hint = orchestration.path("backoff_hint");
            if (hint.isObject()) {
                soft.assertThat(fieldNames(hint)).containsExactlyInAnyOrder("backoff_type", "delay_seconds", "context");
                soft.assertThat(hint.path("backoff_type").asText()).isIn(BACKOFF_TYPES);
                soft.assertThat(hint.path("delay_seconds").isIntegralNumber()).as("delay_seconds is an integer").isTrue();
                assertStringOrNull(soft, hint.path("context"), "backoff_hint.context");
            } else {
                soft.assertThat(hint.isNull()).as("backoff_hint null or object").isTrue();
            }
        } else {
            soft.assertThat(orchestration.isNull()).as("orchestration_metadata null or object").isTrue();
        }
    }

    private static void assertTimestamp(SoftAssertions soft, JsonNode node, String what, boolean nullable) {
        if (nullable && node.isNull()) {
            return;
        }
        soft.assertThat(node.isTextual()).as("%s is a string: %s", what, node).isTrue();
        soft.assertThat(node.asText()).as(what).matches(TIMESTAMP_Z_MICROS);
    }

    private static void assertStringOrNull(SoftAssertions soft, JsonNode node, String what) {
        soft.assertThat(node.isNull() || node.isTextual()).as("%s is a string or null: %s", what, node).isTrue();
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode element : container) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
