package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/**
 * The step's input is invalid: {@code validation_error}, never retried. Thrown from
 * {@link StepHandler#call}, it becomes a {@code failed} result with {@code metadata.retryable} false, its
 * message, error code and context (contract 1.3).
 *
 * <p>Immutable, so safe to share between threads once built.
 */
public class ValidationStepException extends StepFailureException {

    /**
     * A {@code validation_error} with no error code and no context.
     *
     * @param message the {@code error.message}; not null
     * @throws NullPointerException when {@code message} is null
     */
    public ValidationStepException(String message) {
        this(message, null);
    }

    /**
     * A {@code validation_error} with an error code and no context.
     *
     * @param message   the {@code error.message}; not null
     * @param errorCode the {@code metadata.error_code} (for example {@code AMOUNT_INVALID}); may be null
     * @throws NullPointerException when {@code message} is null
     */
    public ValidationStepException(String message, String errorCode) {
        this(message, errorCode, Map.of());
    }

    /**
     * A {@code validation_error} with detail for the caller.
     *
     * @param message   the {@code error.message}; not null
     * @param errorCode the {@code metadata.error_code}; may be null
     * @param context   detail written to {@code metadata.context} (for example the offending field), copied
     *                  in its order; null means none; values may be null (JSON {@code null})
     * @throws NullPointerException when {@code message} is null
     */
    public ValidationStepException(String message, String errorCode, Map<String, Object> context) {
        super(message, errorCode, ErrorTypes.VALIDATION_ERROR, context, null);
    }

    /** Always false: invalid input stays invalid, so the orchestrator does not retry the step. */
    @Override
    public boolean retryable() {
        return false;
    }
}
