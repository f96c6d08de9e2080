package dev.tasker.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Checks a StepExecutionResult as JSON against the contract's encoding rules (section 0 and 1): every key
 * written, no null maps, integers as integers, timestamps in UTC with microseconds, retryable flags equal,
 * {@code status_code}/{@code context} of {@code error} only when set, PascalCase backoff hint types.
 */
public final class WireResultAssertions {

    private static final List<String> RESULT_KEYS = List.of("step_uuid", "success", "result", "metadata", "status",
            "error", "orchestration_metadata");
    private static final List<String> METADATA_KEYS = List.of("execution_time_ms", "handler_version", "retryable",
            "completed_at", "worker_id", "worker_hostname", "started_at", "custom", "error_code", "error_type",
            "context");
    private static final Set<String> BACKOFF_TYPES = Set.of("ServerRequested", "RateLimit", "ServiceUnavailable",
            "Custom");
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private WireResultAssertions() {
    }

    /** Fails with a message naming the broken rule. */
    public static void assertKeepsEncodingRules(JsonNode result) {
        assertThat(fieldNames(result)).as("result keys").containsExactlyInAnyOrderElementsOf(RESULT_KEYS);
        assertThat(result.get("step_uuid").asText()).as("step_uuid").matches(UUID);
        assertThat(result.get("success").isBoolean()).as("success is a boolean").isTrue();
        assertThat(result.get("status").asText()).as("status").isIn("completed", "failed", "error");

        JsonNode metadata = result.get("metadata");
        assertThat(fieldNames(metadata)).as("metadata keys").containsExactlyInAnyOrderElementsOf(METADATA_KEYS);
        assertThat(metadata.get("execution_time_ms").isIntegralNumber()).as("execution_time_ms integer").isTrue();
        assertThat(metadata.get("retryable").isBoolean()).as("metadata.retryable boolean").isTrue();
        assertThat(metadata.get("completed_at").asText()).as("completed_at").matches(TIMESTAMP);
        assertThat(metadata.get("started_at").asText()).as("started_at").matches(TIMESTAMP);
        assertThat(metadata.get("custom").isObject()).as("metadata.custom is an object").isTrue();
        assertThat(metadata.get("context").isObject()).as("metadata.context is an object").isTrue();

        JsonNode error = result.get("error");
        if (result.get("success").asBoolean()) {
            assertThat(error.isNull()).as("success has no error").isTrue();
        } else {
            assertThat(error.isObject()).as("a failure has an error object").isTrue();
            assertThat(error.get("message").isTextual()).as("error.message").isTrue();
            assertThat(error.has("error_type")).as("error.error_type is always written").isTrue();
            assertThat(error.has("backtrace")).as("error.backtrace is always written").isTrue();
            assertThat(error.get("retryable").isBoolean()).as("error.retryable").isTrue();
            assertThat(error.get("retryable")).as("error.retryable == metadata.retryable")
                    .isEqualTo(metadata.get("retryable"));
            if (error.has("status_code")) {
                assertThat(error.get("status_code").isInt()).as("error.status_code is an integer").isTrue();
            }
            if (error.has("context")) {
                assertThat(error.get("context").isObject() && !error.get("context").isEmpty())
                        .as("error.context is omitted when empty").isTrue();
            }
        }

        JsonNode orchestration = result.get("orchestration_metadata");
        if (!orchestration.isNull()) {
            assertThat(orchestration.get("headers").isObject()).as("orchestration_metadata.headers").isTrue();
            orchestration.get("headers").forEach(value ->
                    assertThat(value.isTextual()).as("header values are strings").isTrue());
            assertThat(orchestration.get("custom").isObject()).as("orchestration_metadata.custom").isTrue();
            assertThat(orchestration.has("error_context")).as("error_context is always written").isTrue();
            JsonNode hint = orchestration.get("backoff_hint");
            assertThat(hint).as("backoff_hint is always written").isNotNull();
            if (!hint.isNull()) {
                assertThat(hint.get("backoff_type").asText()).isIn(BACKOFF_TYPES);
                assertThat(hint.get("delay_seconds").isIntegralNumber()).as("delay_seconds integer").isTrue();
                assertThat(hint.has("context")).as("backoff_hint.context is always written").isTrue();
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        assertThat(node).isNotNull();
        assertThat(node.isObject()).as("is an object: " + node).isTrue();
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
