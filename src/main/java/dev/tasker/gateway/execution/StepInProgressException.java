package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/**
 * The attempt is running on another gateway instance sharing the store, and its result was not stored
 * within this request's deadline: 409 with {@code Retry-After} (until the other instance's lease ends),
 * {@code retryable_error}, retryable. Nothing ran for this request.
 */
public final class StepInProgressException extends StepRejectedException {

    public static final String ERROR_CODE = "STEP_IN_PROGRESS";

    private final long retryAfterSeconds;

    public StepInProgressException(StepKey key, String holder, long retryAfterSeconds) {
        super("(step_uuid " + key.stepUuid() + ", attempts " + key.attempts() + ") is running on another "
                + "gateway instance (" + holder + ") and its result was not stored within this step's deadline; "
                + "send it again after Retry-After seconds to get its result");
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Step in progress on another instance";
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
