package dev.tasker.gateway.execution;

/**
 * The idempotency store could not be read, or the step ran but its result and events could not be made
 * durable. Answering the step would accept events that may be lost, so the answer is 503 (retryable): the
 * orchestrator sends the step again.
 */
public class StepNotRecordedException extends StepUnavailableException {

    public static final String ERROR_CODE = "STEP_NOT_RECORDED";

    public StepNotRecordedException(String message, Throwable cause) {
        super(message, 1);
        initCause(cause);
    }

    @Override
    public String title() {
        return "Step store unavailable";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }
}
