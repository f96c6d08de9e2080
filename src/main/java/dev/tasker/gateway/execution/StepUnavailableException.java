package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.Map;

/**
 * The gateway cannot take the step right now, but the same request may succeed shortly: 503 with
 * {@code Retry-After}, {@code retryable_error}, retryable. Subclasses name the reason.
 */
public abstract class StepUnavailableException extends StepRejectedException {

    private final long retryAfterSeconds;

    protected StepUnavailableException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public final int status() {
        return 503;
    }

    @Override
    public final String errorType() {
        return ErrorTypes.RETRYABLE_ERROR;
    }

    @Override
    public final boolean retryable() {
        return true;
    }

    @Override
    public final Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
