package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The {@code metadata} object of a result. All keys are always written. Timestamps are truncated to
 * microseconds, the precision of the wire format.
 *
 * @param executionTimeMs how long the handler ran, never negative
 * @param handlerVersion  the handler's declared version (filled by the gateway), may be null
 * @param retryable       the only field the orchestrator reads to decide a retry
 * @param completedAt     never null; missing on input (Python and Ruby workers leave it out) it is the time of
 *                        reading, as the Rust core's serde default is (contract 0.1)
 * @param workerId        the gateway's instance id (filled by the gateway), may be null
 * @param workerHostname  may be null
 * @param startedAt       may be null
 * @param custom          handler-defined, never null
 * @param errorCode       machine-readable failure code, may be null
 * @param errorType       see {@link ErrorTypes}, may be null
 * @param context         failure context, never null
 */
public record StepExecutionMetadata(
        @JsonProperty("execution_time_ms") long executionTimeMs,
        @JsonProperty("handler_version") String handlerVersion,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("worker_hostname") String workerHostname,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("custom") Map<String, Object> custom,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_type") String errorType,
        @JsonProperty("context") Map<String, Object> context) {

    public StepExecutionMetadata {
        if (executionTimeMs < 0) {
            throw new IllegalArgumentException("execution_time_ms must not be negative: " + executionTimeMs);
        }
        completedAt = (completedAt == null ? Instant.now() : completedAt).truncatedTo(ChronoUnit.MICROS);
        startedAt = startedAt == null ? null : startedAt.truncatedTo(ChronoUnit.MICROS);
        custom = WireCollections.copyOf(custom);
        context = WireCollections.copyOf(context);
    }

    /** Metadata completed now, started {@code executionTimeMs} earlier, with nothing else set. */
    static StepExecutionMetadata completedNow(long executionTimeMs, boolean retryable, Map<String, Object> custom,
                                              String errorCode, String errorType, Map<String, Object> context) {
        Instant completed = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new StepExecutionMetadata(executionTimeMs, null, retryable, completed, null, null,
                completed.minusMillis(executionTimeMs), custom, errorCode, errorType, context);
    }

    public StepExecutionMetadata withErrorCode(String code) {
        return new StepExecutionMetadata(executionTimeMs, handlerVersion, retryable, completedAt, workerId,
                workerHostname, startedAt, custom, code, errorType, context);
    }

    public StepExecutionMetadata withErrorType(String type) {
        return new StepExecutionMetadata(executionTimeMs, handlerVersion, retryable, completedAt, workerId,
                workerHostname, startedAt, custom, errorCode, type, context);
    }

    public StepExecutionMetadata withRetryable(boolean newRetryable) {
        return new StepExecutionMetadata(executionTimeMs, handlerVersion, newRetryable, completedAt, workerId,
                workerHostname, startedAt, custom, errorCode, errorType, context);
    }

    public StepExecutionMetadata withCustom(Map<String, Object> newCustom) {
        return new StepExecutionMetadata(executionTimeMs, handlerVersion, retryable, completedAt, workerId,
                workerHostname, startedAt, newCustom, errorCode, errorType, context);
    }

    public StepExecutionMetadata withContext(Map<String, Object> newContext) {
        return new StepExecutionMetadata(executionTimeMs, handlerVersion, retryable, completedAt, workerId,
                workerHostname, startedAt, custom, errorCode, errorType, newContext);
    }

    /**
     * A copy with the fields the gateway owns (contract 1.2): timing, worker identity and handler version.
     */
    public StepExecutionMetadata withExecution(long newExecutionTimeMs, Instant newStartedAt, Instant newCompletedAt,
                                               String newWorkerId, String newWorkerHostname, String newHandlerVersion) {
        return new StepExecutionMetadata(newExecutionTimeMs, newHandlerVersion, retryable, newCompletedAt,
                newWorkerId, newWorkerHostname, newStartedAt, custom, errorCode, errorType, context);
    }
}
