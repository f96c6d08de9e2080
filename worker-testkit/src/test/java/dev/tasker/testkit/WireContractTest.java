package dev.tasker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.WireJson;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The strict wire rules: a result the SDK's factories build follows them; each kind of break is named. */
class WireContractTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private static ObjectNode failure() {
        return JSON.valueToTree(StepExecutionResult.failure(UUID.randomUUID(), "no", "CODE", "permanent_error", false));
    }

    @Test
    void factoryResultsFollowTheRules() {
        assertThat(WireContract.violations(JSON.valueToTree(StepExecutionResult.success(UUID.randomUUID(),
                Map.of("a", 1))))).isEmpty();
        assertThat(WireContract.violations(failure())).isEmpty();
    }

    static Stream<Arguments> breaks() {
        return Stream.of(
                Arguments.of("an unknown key", (Consumer<ObjectNode>) r -> r.put("extra", 1), "unknown keys [extra]"),
                Arguments.of("an upper-case uuid", (Consumer<ObjectNode>) r -> r.put("step_uuid",
                        r.get("step_uuid").asText().toUpperCase()), "step_uuid"),
                Arguments.of("milliseconds", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("metadata"))
                        .put("completed_at", "2026-01-02T03:04:05.123Z"), "metadata.completed_at"),
                Arguments.of("retryable copies differ", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("error"))
                        .put("retryable", true), "error.retryable (true) equals metadata.retryable (false)"),
                Arguments.of("no error on a failure", (Consumer<ObjectNode>) r -> r.putNull("error"),
                        "error is null exactly for a success"),
                Arguments.of("a string count", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("metadata"))
                        .put("execution_time_ms", "5"), "execution_time_ms"),
                Arguments.of("an unknown backoff type", (Consumer<ObjectNode>) r -> ((ObjectNode) r
                        .get("orchestration_metadata")).set("backoff_hint", JSON.createObjectNode()
                        .put("backoff_type", "Later").put("delay_seconds", 1).putNull("context")), "backoff_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void eachBreakIsNamed(String name, Consumer<ObjectNode> change, String expected) {
        ObjectNode result = failure();
        change.accept(result);

        JsonNode tree = result;
        assertThat(WireContract.violations(tree)).anySatisfy(v -> assertThat(v).contains(expected));
    }
}
