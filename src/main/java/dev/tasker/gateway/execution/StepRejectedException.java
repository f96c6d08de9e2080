package dev.tasker.gateway.execution;

import java.util.List;
import java.util.Map;

/**
 * A step the gateway refuses to run (it never reached a handler). The HTTP layer answers these with
 * {@code application/problem+json}; they never become a {@code StepExecutionResult}.
 */
public abstract class StepRejectedException extends RuntimeException {

    protected StepRejectedException(String message) {
        super(message);
    }

    /** The HTTP status this rejection is answered with. */
    public abstract int status();

    /** A short, fixed title for the problem. */
    public abstract String title();

    /** A machine-readable code, or null. */
    public String errorCode() {
        return null;
    }

    /** One of the standard error types, or null. */
    public String errorType() {
        return null;
    }

    /** Whether sending the same request again may succeed. */
    public boolean retryable() {
        return false;
    }

    /** Problems with individual fields of the request. */
    public List<FieldError> errors() {
        return List.of();
    }

    /** Response headers the answer must carry (for example {@code Retry-After}). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
