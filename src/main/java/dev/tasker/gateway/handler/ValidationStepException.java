package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/** The step's input is invalid: {@code validation_error}, never retried. */
public class ValidationStepException extends StepFailureException {

    public ValidationStepException(String message) {
        this(message, null);
    }

    public ValidationStepException(String message, String errorCode) {
        this(message, errorCode, Map.of());
    }

    /** @param context detail written to {@code metadata.context} (for example the offending field) */
    public ValidationStepException(String message, String errorCode, Map<String, Object> context) {
        super(message, errorCode, ErrorTypes.VALIDATION_ERROR, context, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
