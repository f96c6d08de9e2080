package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code error} object of a failed result.
 *
 * @param message    required, never null
 * @param errorType  free text, may be null (always written)
 * @param backtrace  one frame a line, may be null (always written)
 * @param retryable  kept equal to {@code metadata.retryable} by the gateway
 * @param statusCode a downstream HTTP status, omitted from JSON when null
 * @param context    extra detail, omitted from JSON when empty
 */
public record StepExecutionError(
        @JsonProperty("message") String message,
        @JsonProperty("error_type") String errorType,
        @JsonProperty("backtrace") List<String> backtrace,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("status_code") @JsonInclude(JsonInclude.Include.NON_NULL) Integer statusCode,
        @JsonProperty("context") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> context) {

    public StepExecutionError {
        Objects.requireNonNull(message, "error.message");
        backtrace = WireCollections.copyOrNull(backtrace);
        context = WireCollections.copyOf(context);
    }

    public StepExecutionError(String message, String errorType, List<String> backtrace, boolean retryable) {
        this(message, errorType, backtrace, retryable, null, Map.of());
    }

    public StepExecutionError withErrorType(String newType) {
        return new StepExecutionError(message, newType, backtrace, retryable, statusCode, context);
    }

    public StepExecutionError withRetryable(boolean newRetryable) {
        return new StepExecutionError(message, errorType, backtrace, newRetryable, statusCode, context);
    }

    public StepExecutionError withStatusCode(Integer newStatusCode) {
        return new StepExecutionError(message, errorType, backtrace, retryable, newStatusCode, context);
    }

    public StepExecutionError withContext(Map<String, Object> newContext) {
        return new StepExecutionError(message, errorType, backtrace, retryable, statusCode, newContext);
    }
}
