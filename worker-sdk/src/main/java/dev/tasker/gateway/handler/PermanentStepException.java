package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/**
 * A failure that will happen again (not found, forbidden, a business rule): never retried. Thrown from
 * {@link StepHandler#call}, it becomes a {@code failed} result with {@code metadata.retryable} false, its
 * message, error code and error type (contract 1.3).
 *
 * <p>Immutable, so safe to share between threads once built.
 */
public class PermanentStepException extends StepFailureException {

    /**
     * A {@code permanent_error} with no error code.
     *
     * @param message the {@code error.message}; not null
     * @throws NullPointerException when {@code message} is null
     */
    public PermanentStepException(String message) {
        this(message, null);
    }

    /**
     * A {@code permanent_error} with an error code.
     *
     * @param message   the {@code error.message}; not null
     * @param errorCode the {@code metadata.error_code} (for example {@code ORDER_NOT_FOUND}); may be null
     * @throws NullPointerException when {@code message} is null
     */
    public PermanentStepException(String message, String errorCode) {
        this(message, errorCode, ErrorTypes.PERMANENT_ERROR, null);
    }

    /**
     * The full form.
     *
     * @param message   the {@code error.message}; not null
     * @param errorCode the {@code metadata.error_code}; may be null
     * @param errorType the {@code error_type}; {@code permanent_error} when null
     * @param cause     the underlying failure; may be null
     * @throws NullPointerException when {@code message} is null
     */
    public PermanentStepException(String message, String errorCode, String errorType, Throwable cause) {
        super(message, errorCode, errorType == null ? ErrorTypes.PERMANENT_ERROR : errorType, Map.of(), cause);
    }

    /** Always false: the orchestrator does not retry the step. */
    @Override
    public boolean retryable() {
        return false;
    }
}
