package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/** A failure that will happen again (not found, forbidden, a business rule): never retried. */
public class PermanentStepException extends StepFailureException {

    public PermanentStepException(String message) {
        this(message, null);
    }

    public PermanentStepException(String message, String errorCode) {
        this(message, errorCode, ErrorTypes.PERMANENT_ERROR, null);
    }

    /** @param errorType defaults to {@code permanent_error} when null */
    public PermanentStepException(String message, String errorCode, String errorType, Throwable cause) {
        super(message, errorCode, errorType == null ? ErrorTypes.PERMANENT_ERROR : errorType, Map.of(), cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
