package dev.tasker.gateway.model;

import java.util.List;

/**
 * The standard {@code error_type} values (contract section 1.3). {@code error_type} is free text on input;
 * failures produced by the gateway and the SDK helpers use only these five.
 */
public final class ErrorTypes {

    /** Will fail again: not found, forbidden, a business rule. Not retried. */
    public static final String PERMANENT_ERROR = "permanent_error";
    /** Transient: network, 5xx, rate limit. Typically retried. */
    public static final String RETRYABLE_ERROR = "retryable_error";
    /** The input is invalid. Not retried. */
    public static final String VALIDATION_ERROR = "validation_error";
    /** An operation ran out of time. Typically retried. */
    public static final String TIMEOUT = "timeout";
    /** The handler itself failed unexpectedly. Not retried unless the cause is I/O-like. */
    public static final String HANDLER_ERROR = "handler_error";

    /** All five standard values, in the order of the contract's table. */
    public static final List<String> ALL =
            List.of(PERMANENT_ERROR, RETRYABLE_ERROR, VALIDATION_ERROR, TIMEOUT, HANDLER_ERROR);

    private ErrorTypes() {
    }

    /** True when {@code errorType} is one of {@link #ALL} (exact, case-sensitive). */
    public static boolean isStandard(String errorType) {
        return errorType != null && ALL.contains(errorType);
    }

    /** True only for {@link #RETRYABLE_ERROR} and {@link #TIMEOUT}. */
    public static boolean isTypicallyRetryable(String errorType) {
        return RETRYABLE_ERROR.equals(errorType) || TIMEOUT.equals(errorType);
    }
}
