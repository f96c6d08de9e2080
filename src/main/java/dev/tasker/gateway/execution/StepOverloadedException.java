package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/** Too many steps are in flight (globally or for one handler): 503 with {@code Retry-After}, retryable. */
public class StepOverloadedException extends StepRejectedException {

    public static final String ERROR_CODE = "GATEWAY_OVERLOADED";

    private final long retryAfterSeconds;

    public StepOverloadedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String title() {
        return "Too many steps in flight";
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
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
