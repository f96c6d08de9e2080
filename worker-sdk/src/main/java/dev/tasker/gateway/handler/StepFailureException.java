package dev.tasker.gateway.handler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure the handler reports by throwing. The gateway turns it into a {@code failed} result with
 * {@code error_code}, {@code error_type} and {@code retryable} taken from here (contract 1.3).
 * Subclasses fix the retry decision; instances are immutable.
 */
public abstract class StepFailureException extends RuntimeException {

    private final String errorCode;
    private final String errorType;
    private final transient Map<String, Object> context;

    /**
     * For subclasses, which fix {@link #retryable()}.
     *
     * @param message   the {@code error.message}; not null
     * @param errorCode the {@code metadata.error_code}; may be null
     * @param errorType the {@code error_type}; not null
     * @param context   detail for {@code metadata.context}, copied in its order; null means none; values
     *                  may be null
     * @param cause     the underlying failure; may be null
     * @throws NullPointerException when {@code message} or {@code errorType} is null
     */
    protected StepFailureException(String message, String errorCode, String errorType,
                                   Map<String, Object> context, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.errorCode = errorCode;
        this.errorType = Objects.requireNonNull(errorType, "errorType");
        // values may be JSON null (Map.copyOf would throw and turn the failure into a HANDLER_EXCEPTION)
        this.context = context == null || context.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** The machine-readable code written to {@code metadata.error_code}; may be null. */
    public String errorCode() {
        return errorCode;
    }

    /** The {@code error_type} written to the result; never null. */
    public String errorType() {
        return errorType;
    }

    /** Whether the orchestrator should retry ({@code metadata.retryable}). */
    public abstract boolean retryable();

    /** Extra detail written to {@code metadata.context}, in the order given; never null, values may be null. */
    public Map<String, Object> context() {
        return context;
    }
}
