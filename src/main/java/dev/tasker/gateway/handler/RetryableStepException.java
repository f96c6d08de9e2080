package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A transient failure: the orchestrator retries the step while attempts remain. With a retry-after
 * duration the gateway writes {@code Retry-After} (whole seconds, rounded up) into
 * {@code orchestration_metadata.headers} and a {@code ServerRequested} backoff hint.
 */
public class RetryableStepException extends StepFailureException {

    private final Duration retryAfter;

    public RetryableStepException(String message) {
        this(message, null, null, ErrorTypes.RETRYABLE_ERROR, null);
    }

    public RetryableStepException(String message, String errorCode) {
        this(message, errorCode, null, ErrorTypes.RETRYABLE_ERROR, null);
    }

    public RetryableStepException(String message, String errorCode, Duration retryAfter) {
        this(message, errorCode, retryAfter, ErrorTypes.RETRYABLE_ERROR, null);
    }

    /**
     * @param errorType  defaults to {@code retryable_error} when null
     * @param retryAfter may be null; must not be negative
     */
    public RetryableStepException(String message, String errorCode, Duration retryAfter, String errorType,
                                  Throwable cause) {
        super(message, errorCode, errorType == null ? ErrorTypes.RETRYABLE_ERROR : errorType, Map.of(), cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** How long the orchestrator should wait before the retry, when the handler knows. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
