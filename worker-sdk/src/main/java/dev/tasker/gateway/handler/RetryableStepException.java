package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A transient failure: the orchestrator retries the step while attempts remain. Thrown from
 * {@link StepHandler#call}, it becomes a {@code failed} result with {@code metadata.retryable} true, its
 * message, error code and error type (contract 1.3). With a retry-after duration the gateway writes
 * {@code Retry-After} (whole seconds, rounded up) into {@code orchestration_metadata.headers} and a
 * {@code ServerRequested} backoff hint.
 *
 * <p>Immutable, so safe to share between threads once built.
 */
public class RetryableStepException extends StepFailureException {

    private final Duration retryAfter;

    /**
     * A {@code retryable_error} with no error code and no retry-after.
     *
     * @param message the {@code error.message}; not null
     * @throws NullPointerException when {@code message} is null
     */
    public RetryableStepException(String message) {
        this(message, null, null, ErrorTypes.RETRYABLE_ERROR, null);
    }

    /**
     * A {@code retryable_error} with an error code and no retry-after.
     *
     * @param message   the {@code error.message}; not null
     * @param errorCode the {@code metadata.error_code} (for example {@code INVENTORY_BUSY}); may be null
     * @throws NullPointerException when {@code message} is null
     */
    public RetryableStepException(String message, String errorCode) {
        this(message, errorCode, null, ErrorTypes.RETRYABLE_ERROR, null);
    }

    /**
     * A {@code retryable_error} that tells the orchestrator how long to wait.
     *
     * @param message    the {@code error.message}; not null
     * @param errorCode  the {@code metadata.error_code}; may be null
     * @param retryAfter the delay before the retry, rounded up to whole seconds; null for none
     * @throws NullPointerException     when {@code message} is null
     * @throws IllegalArgumentException when {@code retryAfter} is negative
     */
    public RetryableStepException(String message, String errorCode, Duration retryAfter) {
        this(message, errorCode, retryAfter, ErrorTypes.RETRYABLE_ERROR, null);
    }

    /**
     * The full form.
     *
     * @param message    the {@code error.message}; not null
     * @param errorCode  the {@code metadata.error_code}; may be null
     * @param retryAfter the delay before the retry, rounded up to whole seconds; null for none
     * @param errorType  the {@code error_type} (for example {@code timeout}); {@code retryable_error} when null
     * @param cause      the underlying failure; may be null
     * @throws NullPointerException     when {@code message} is null
     * @throws IllegalArgumentException when {@code retryAfter} is negative
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

    /** Always true: the orchestrator retries while attempts remain. */
    @Override
    public boolean retryable() {
        return true;
    }
}
