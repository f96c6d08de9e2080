package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a handler returns and what {@code POST /v1/steps} answers (contract section 1). Immutable: every
 * {@code with*} method returns a copy. Build instances with the factories {@link #success}, {@link #failure}
 * and {@link #error}; the gateway overwrites {@code step_uuid} and the timing and worker fields of the
 * metadata after the handler returns.
 *
 * @param stepUuid              the executing step, never null on output
 * @param success               whether the step succeeded
 * @param result                the handler output: any Jackson-serializable value; {@code {}} for failures
 * @param metadata              never null; missing on input it takes every default (contract 0.1)
 * @param status                {@code completed}, {@code failed} or {@code error} (free text on input)
 * @param error                 null on success
 * @param orchestrationMetadata may be null
 */
public record StepExecutionResult(
        @JsonProperty("step_uuid") UUID stepUuid,
        @JsonProperty("success") boolean success,
        @JsonProperty("result") Object result,
        @JsonProperty("metadata") StepExecutionMetadata metadata,
        @JsonProperty("status") String status,
        @JsonProperty("error") StepExecutionError error,
        @JsonProperty("orchestration_metadata") OrchestrationMetadata orchestrationMetadata) {

    public StepExecutionResult {
        metadata = metadata == null ? new StepExecutionMetadata(0, null, false, null, null,
                null, null, Map.of(), null, null, Map.of()) : metadata;
        status = status == null ? "" : status;
    }

    // ---- factories (contract 1.1) ----

    /** A success with the given output, no timing and no custom metadata. */
    public static StepExecutionResult success(UUID stepUuid, Object result) {
        return success(stepUuid, result, 0, Map.of());
    }

    /** A success: status {@code completed}, not retryable, {@code custom} copied into the metadata. */
    public static StepExecutionResult success(UUID stepUuid, Object result, long executionTimeMs,
                                              Map<String, Object> custom) {
        return new StepExecutionResult(stepUuid, true, result,
                StepExecutionMetadata.completedNow(executionTimeMs, false, custom, null, null, Map.of()),
                StepResultStatus.COMPLETED.wire(), null, OrchestrationMetadata.DEFAULT);
    }

    /** A failure with no context and no timing. */
    public static StepExecutionResult failure(UUID stepUuid, String message, String errorCode, String errorType,
                                              boolean retryable) {
        return failure(stepUuid, message, errorCode, errorType, retryable, 0, Map.of());
    }

    /**
     * A failure: status {@code failed}, {@code result} {@code {}}, {@code error.retryable} and
     * {@code metadata.retryable} both equal to {@code retryable}.
     */
    public static StepExecutionResult failure(UUID stepUuid, String message, String errorCode, String errorType,
                                              boolean retryable, long executionTimeMs, Map<String, Object> context) {
        return new StepExecutionResult(stepUuid, false, Map.of(),
                StepExecutionMetadata.completedNow(executionTimeMs, retryable, Map.of(), errorCode, errorType, context),
                StepResultStatus.FAILED.wire(),
                new StepExecutionError(message, errorType, null, retryable),
                OrchestrationMetadata.DEFAULT);
    }

    /** An error with no backtrace, context or timing. */
    public static StepExecutionResult error(UUID stepUuid, String message, String errorType) {
        return error(stepUuid, message, errorType, null, 0, Map.of());
    }

    /** An error: status {@code error}, not retryable, the backtrace (may be null) on {@code error}. */
    public static StepExecutionResult error(UUID stepUuid, String message, String errorType, List<String> backtrace,
                                            long executionTimeMs, Map<String, Object> context) {
        return new StepExecutionResult(stepUuid, false, Map.of(),
                StepExecutionMetadata.completedNow(executionTimeMs, false, Map.of(), null, errorType, context),
                StepResultStatus.ERROR.wire(),
                new StepExecutionError(message, errorType, backtrace, false),
                OrchestrationMetadata.DEFAULT);
    }

    // ---- convenience API (TAS-97) ----

    /** A copy with {@code metadata.error_code} set. */
    public StepExecutionResult withErrorCode(String code) {
        return withMetadata(metadata.withErrorCode(code));
    }

    /** {@code metadata.error_code}, or null. */
    public String errorCode() {
        return metadata.errorCode();
    }

    /** A copy with {@code metadata.error_type} and, when there is an error, {@code error.error_type} set. */
    public StepExecutionResult withErrorType(String type) {
        return new StepExecutionResult(stepUuid, success, result, metadata.withErrorType(type), status,
                error == null ? null : error.withErrorType(type), orchestrationMetadata);
    }

    /** {@code metadata.error_type}, or null. */
    public String errorType() {
        return metadata.errorType();
    }

    /**
     * A copy whose {@code metadata.retryable} and, when there is an error, {@code error.retryable} are both
     * set to the value.
     */
    public StepExecutionResult withRetryable(boolean retryable) {
        return new StepExecutionResult(stepUuid, success, result, metadata.withRetryable(retryable), status,
                error == null ? null : error.withRetryable(retryable), orchestrationMetadata);
    }

    @JsonIgnore
    public boolean isSuccess() {
        return success;
    }

    /** {@code metadata.retryable}: the only thing the orchestrator reads to decide a retry. */
    @JsonIgnore
    public boolean isRetryable() {
        return metadata.retryable();
    }

    /** The status, or when it is empty {@code completed} for a success and {@code failed} otherwise. */
    @JsonIgnore
    public String normalizedStatus() {
        if (status.isEmpty()) {
            return success ? StepResultStatus.COMPLETED.wire() : StepResultStatus.FAILED.wire();
        }
        return status;
    }

    /** The status as an enum, empty for anything but the three wire values. */
    @JsonIgnore
    public Optional<StepResultStatus> statusEnum() {
        return StepResultStatus.fromWire(status);
    }

    public StepExecutionResult withStepUuid(UUID uuid) {
        return new StepExecutionResult(uuid, success, result, metadata, status, error, orchestrationMetadata);
    }

    public StepExecutionResult withMetadata(StepExecutionMetadata newMetadata) {
        return new StepExecutionResult(stepUuid, success, result, newMetadata, status, error, orchestrationMetadata);
    }

    public StepExecutionResult withError(StepExecutionError newError) {
        return new StepExecutionResult(stepUuid, success, result, metadata, status, newError, orchestrationMetadata);
    }

    public StepExecutionResult withOrchestrationMetadata(OrchestrationMetadata newOrchestrationMetadata) {
        return new StepExecutionResult(stepUuid, success, result, metadata, status, error, newOrchestrationMetadata);
    }

    /** A copy with one entry added to {@code metadata.custom}. */
    public StepExecutionResult withCustom(String key, Object value) {
        Map<String, Object> custom = new LinkedHashMap<>(metadata.custom());
        custom.put(key, value);
        return withMetadata(metadata.withCustom(custom));
    }

    /** A copy with {@code metadata.context} replaced. */
    public StepExecutionResult withContext(Map<String, Object> context) {
        return withMetadata(metadata.withContext(context));
    }

    /**
     * A copy asking the orchestrator to wait {@code seconds} before the retry: {@code Retry-After} in
     * {@code orchestration_metadata.headers} and a backoff hint of the given type.
     */
    public StepExecutionResult withRetryAfter(long seconds, BackoffHintType type) {
        OrchestrationMetadata base = orchestrationMetadata == null ? OrchestrationMetadata.DEFAULT : orchestrationMetadata;
        return withOrchestrationMetadata(base.withRetryAfter(seconds, type, null));
    }
}
