package dev.tasker.gateway.execution;

/** Too many steps are in flight (globally or for one handler): 503 with {@code Retry-After}, retryable. */
public class StepOverloadedException extends StepUnavailableException {

    public static final String ERROR_CODE = "GATEWAY_OVERLOADED";

    public StepOverloadedException(String message, long retryAfterSeconds) {
        super(message, retryAfterSeconds);
    }

    @Override
    public String title() {
        return "Too many steps in flight";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }
}
