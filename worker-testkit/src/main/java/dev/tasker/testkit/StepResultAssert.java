package dev.tasker.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import dev.tasker.gateway.model.BackoffHint;
import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.StepResultStatus;
import dev.tasker.gateway.model.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link StepExecutionResult}, in the words of the contract:
 * {@code assertThatResult(result).isPermanentFailure().hasErrorCode("EMPTY_CART")}. A failing assertion
 * names what the result holds (status, error code, type, message), so a handler that threw where it should
 * have succeeded shows why. Values are compared as JSON: {@code 20.3} equals {@code 20.30} and {@code 4}
 * equals {@code 4L}. Not thread-safe (as AssertJ assertions are not).
 */
public final class StepResultAssert extends AbstractAssert<StepResultAssert, StepExecutionResult> {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();
    /** Numbers equal by value, everything else by {@link JsonNode#equals}. */
    private static final Comparator<JsonNode> JSON_VALUES = (a, b) -> {
        if (a instanceof NumericNode && b instanceof NumericNode) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private StepResultAssert(StepExecutionResult actual) {
        super(actual, StepResultAssert.class);
    }

    /** The entry point: {@code import static dev.tasker.testkit.StepResultAssert.assertThatResult;}. */
    public static StepResultAssert assertThatResult(StepExecutionResult actual) {
        return new StepResultAssert(actual);
    }

    // ---- outcome ----

    /** {@code success: true}, status {@code completed}. */
    public StepResultAssert isSuccess() {
        isNotNull();
        if (!actual.success() || !actual.normalizedStatus().equals(StepResultStatus.COMPLETED.wire())) {
            failWithMessage("Expected a successful result but it was %s", describe());
        }
        return this;
    }

    /** {@code success: false}: status {@code failed} or {@code error}. */
    public StepResultAssert isFailure() {
        isNotNull();
        if (actual.success()) {
            failWithMessage("Expected a failed result but it was %s", describe());
        }
        return this;
    }

    /** A failure the orchestrator does not retry ({@code metadata.retryable: false}). */
    public StepResultAssert isPermanentFailure() {
        isFailure();
        if (actual.isRetryable()) {
            failWithMessage("Expected a permanent (not retryable) failure but it was retryable: %s", describe());
        }
        return this;
    }

    /** A failure the orchestrator retries while attempts remain ({@code metadata.retryable: true}). */
    public StepResultAssert isRetryable() {
        isFailure();
        if (!actual.isRetryable()) {
            failWithMessage("Expected a retryable failure but it was not retryable: %s", describe());
        }
        return this;
    }

    /** {@code metadata.retryable: false} (a success, or a permanent failure). */
    public StepResultAssert isNotRetryable() {
        isNotNull();
        if (actual.isRetryable()) {
            failWithMessage("Expected a result that is not retryable but it was: %s", describe());
        }
        return this;
    }

    /** The wire status: {@code completed}, {@code failed} or {@code error}. */
    public StepResultAssert hasStatus(StepResultStatus status) {
        isNotNull();
        if (!actual.normalizedStatus().equals(status.wire())) {
            failWithMessage("Expected status <%s> but it was %s", status.wire(), describe());
        }
        return this;
    }

    // ---- error ----

    /** {@code metadata.error_code}. */
    public StepResultAssert hasErrorCode(String errorCode) {
        isNotNull();
        if (!Objects.equals(actual.errorCode(), errorCode)) {
            failWithMessage("Expected error_code <%s> but it was %s", errorCode, describe());
        }
        return this;
    }

    /** {@code metadata.error_type} (see {@code ErrorTypes}). */
    public StepResultAssert hasErrorType(String errorType) {
        isNotNull();
        if (!Objects.equals(actual.errorType(), errorType)) {
            failWithMessage("Expected error_type <%s> but it was %s", errorType, describe());
        }
        return this;
    }

    /** {@code error.message} contains the text. */
    public StepResultAssert hasErrorMessageContaining(String text) {
        isFailure();
        if (actual.error() == null || !actual.error().message().contains(text)) {
            failWithMessage("Expected error.message to contain <%s> but it was %s", text, describe());
        }
        return this;
    }

    /** {@code error.status_code}: the downstream HTTP status an API handler saw. */
    public StepResultAssert hasStatusCode(int statusCode) {
        isFailure();
        if (actual.error() == null || !Objects.equals(actual.error().statusCode(), statusCode)) {
            failWithMessage("Expected error.status_code <%s> but it was <%s> in %s", statusCode,
                    actual.error() == null ? null : actual.error().statusCode(), describe());
        }
        return this;
    }

    /** The failure context ({@code metadata.context}, else {@code error.context}) holds this key with this value. */
    public StepResultAssert hasContextEntry(String key, Object value) {
        isNotNull();
        Map<String, Object> context = actual.metadata().context();
        if (!context.containsKey(key) && actual.error() != null) {
            context = actual.error().context();
        }
        if (!context.containsKey(key) || !sameJson(context.get(key), value)) {
            failWithMessage("Expected context entry <%s=%s> but metadata.context was <%s> and error.context <%s>",
                    key, value, actual.metadata().context(), actual.error() == null ? null : actual.error().context());
        }
        return this;
    }

    // ---- backoff ----

    /** {@code orchestration_metadata.backoff_hint} asks the orchestrator to wait this many seconds. */
    public StepResultAssert hasBackoff(long delaySeconds) {
        BackoffHint hint = backoffHint();
        if (hint.delaySeconds() != delaySeconds) {
            failWithMessage("Expected a backoff of <%s> s but the hint said <%s> s (%s)", delaySeconds,
                    hint.delaySeconds(), hint.backoffType());
        }
        return this;
    }

    /** The backoff hint has this type and delay. */
    public StepResultAssert hasBackoff(BackoffHintType type, long delaySeconds) {
        hasBackoff(delaySeconds);
        if (backoffHint().backoffType() != type) {
            failWithMessage("Expected a backoff hint of type <%s> but it was <%s>", type, backoffHint().backoffType());
        }
        return this;
    }

    /** No backoff hint: a retry may come as soon as the orchestrator's own schedule allows. */
    public StepResultAssert hasNoBackoff() {
        isNotNull();
        if (actual.orchestrationMetadata() != null && actual.orchestrationMetadata().backoffHint() != null) {
            failWithMessage("Expected no backoff hint but it was <%s>", actual.orchestrationMetadata().backoffHint());
        }
        return this;
    }

    /** {@code orchestration_metadata.headers} has this header (for example {@code Retry-After}). */
    public StepResultAssert hasOrchestrationHeader(String name, String value) {
        isNotNull();
        Map<String, String> headers = actual.orchestrationMetadata() == null ? Map.of()
                : actual.orchestrationMetadata().headers();
        if (!Objects.equals(headers.get(name), value)) {
            failWithMessage("Expected orchestration header <%s: %s> but the headers were <%s>", name, value, headers);
        }
        return this;
    }

    // ---- output ----

    /** {@code result} equals this value as JSON (maps, lists, records, numbers by value). */
    public StepResultAssert hasResult(Object expected) {
        isNotNull();
        JsonNode actualTree = tree(actual.result());
        JsonNode expectedTree = tree(expected);
        if (!actualTree.equals(JSON_VALUES, expectedTree)) {
            failWithMessage("Expected result <%s> but it was <%s>", expectedTree, actualTree);
        }
        return this;
    }

    /**
     * The value at this JSON Pointer of {@code result} equals {@code expected} as JSON:
     * {@code hasResultAt("/total_quantity", 4)}.
     */
    public StepResultAssert hasResultAt(String jsonPointer, Object expected) {
        isNotNull();
        JsonNode at = tree(actual.result()).at(jsonPointer);
        if (at.isMissingNode()) {
            failWithMessage("Expected result to have <%s> but it was <%s>", jsonPointer, tree(actual.result()));
        }
        JsonNode expectedTree = tree(expected);
        if (!at.equals(JSON_VALUES, expectedTree)) {
            failWithMessage("Expected result%s to be <%s> but it was <%s>", jsonPointer, expectedTree, at);
        }
        return this;
    }

    /** Runs further assertions on {@code result} as a JSON tree. */
    public StepResultAssert satisfiesResult(Consumer<JsonNode> requirements) {
        isNotNull();
        requirements.accept(tree(actual.result()));
        return this;
    }

    /** {@code metadata.custom} holds this key with this value. */
    public StepResultAssert hasCustomMetadata(String key, Object value) {
        isNotNull();
        Map<String, Object> custom = actual.metadata().custom();
        if (!custom.containsKey(key) || !sameJson(custom.get(key), value)) {
            failWithMessage("Expected metadata.custom entry <%s=%s> but it was <%s>", key, value, custom);
        }
        return this;
    }

    // ---- gateway-owned fields and the wire ----

    /** {@code step_uuid}: the gateway writes the step's own id there, whatever the handler returned. */
    public StepResultAssert hasStepUuid(UUID stepUuid) {
        isNotNull();
        if (!Objects.equals(actual.stepUuid(), stepUuid)) {
            failWithMessage("Expected step_uuid <%s> but it was <%s>", stepUuid, actual.stepUuid());
        }
        return this;
    }

    /** {@code metadata.handler_version}: the version the handler declared. */
    public StepResultAssert hasHandlerVersion(String version) {
        isNotNull();
        if (!Objects.equals(actual.metadata().handlerVersion(), version)) {
            failWithMessage("Expected handler_version <%s> but it was <%s>", version, actual.metadata().handlerVersion());
        }
        return this;
    }

    /**
     * Written as JSON, the result follows the strict wire rules the Rust core reads it by ({@link WireContract}).
     * Every result of {@link HandlerRunner} and of the gateway does; use it on a result a handler built itself.
     */
    public StepResultAssert conformsToContract() {
        isNotNull();
        JsonNode wire;
        try {
            wire = JSON.valueToTree(actual);
        } catch (IllegalArgumentException e) {
            failWithMessage("Expected a result that can be written as contract JSON but writing it failed: %s",
                    e.getMessage());
            return this;
        }
        List<String> violations = WireContract.violations(wire);
        if (!violations.isEmpty()) {
            failWithMessage("Expected a result following the wire contract but it breaks it:%n  %s%nin %s",
                    String.join(System.lineSeparator() + "  ", violations), wire);
        }
        return this;
    }

    private BackoffHint backoffHint() {
        isNotNull();
        BackoffHint hint = actual.orchestrationMetadata() == null ? null : actual.orchestrationMetadata().backoffHint();
        if (hint == null) {
            failWithMessage("Expected a backoff hint but there was none: %s", describe());
        }
        return hint;
    }

    private boolean sameJson(Object a, Object b) {
        return tree(a).equals(JSON_VALUES, tree(b));
    }

    /** Through JSON text, so that a map, a record and a tree of the same JSON compare equal. */
    private static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException("the value cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private String describe() {
        StringBuilder text = new StringBuilder("<status ").append(actual.normalizedStatus());
        if (actual.errorCode() != null) {
            text.append(", error_code ").append(actual.errorCode());
        }
        if (actual.errorType() != null) {
            text.append(", error_type ").append(actual.errorType());
        }
        text.append(", retryable ").append(actual.isRetryable());
        if (actual.error() != null) {
            text.append(", message \"").append(actual.error().message()).append('"');
        }
        if (actual.success()) {
            text.append(", result ").append(safeTree(actual.result()));
        }
        return text.append('>').toString();
    }

    private static String safeTree(Object value) {
        try {
            return tree(value).toString();
        } catch (RuntimeException e) {
            return String.valueOf(value);
        }
    }
}
