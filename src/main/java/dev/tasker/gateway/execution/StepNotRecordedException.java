package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/**
 * The idempotency store could not be read, or the step ran but its result and events could not be made
 * durable. Answering the step would accept
 * events that may be lost, so the answer is 503 (retryable): the orchestrator sends the step again.
 */
public class StepNotRecordedException extends StepRejectedException {

    public static final String ERROR_CODE = "STEP_NOT_RECORDED";

    public StepNotRecordedException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String title() {
        return "Step store unavailable";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorType() {
        return ErrorTypes.RETRYABLE_ERROR;
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
