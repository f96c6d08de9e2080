package dev.tasker.gateway.handler;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.model.ErrorTypes;

/**
 * One entry of a handler's error catalog ({@link StepHandler#errors()}): an {@code error_code} the handler
 * may answer, with its {@code error_type}, whether it is retried and what it means. Shown by
 * {@code GET /v1/handlers/{name}}; a handler that declares a catalog and answers a code missing from it is
 * logged (once per code) and counted as {@code gateway_undeclared_error_codes_total{handler}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param errorCode   the code, as in {@code metadata.error_code}; never blank
 * @param errorType   one of {@link ErrorTypes#ALL} usually; never blank
 * @param retryable   whether the orchestrator retries a step failing with it
 * @param description one line for people calling the handler; may be null
 */
public record DeclaredError(
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_type") String errorType,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("description") String description) {

    /** @throws IllegalArgumentException when the code or the type is null or blank */
    public DeclaredError {
        if (errorCode == null || errorCode.isBlank()) {
            throw new IllegalArgumentException("a declared error needs an error_code");
        }
        if (errorType == null || errorType.isBlank()) {
            throw new IllegalArgumentException("declared error " + errorCode + " needs an error_type");
        }
    }

    /** Any combination. */
    public static DeclaredError of(String errorCode, String errorType, boolean retryable, String description) {
        return new DeclaredError(errorCode, errorType, retryable, description);
    }

    /** A {@code permanent_error}, never retried. */
    public static DeclaredError permanent(String errorCode, String description) {
        return new DeclaredError(errorCode, ErrorTypes.PERMANENT_ERROR, false, description);
    }

    /** A {@code retryable_error}, retried while attempts remain. */
    public static DeclaredError retryable(String errorCode, String description) {
        return new DeclaredError(errorCode, ErrorTypes.RETRYABLE_ERROR, true, description);
    }

    /** A {@code validation_error}, never retried. */
    public static DeclaredError validation(String errorCode, String description) {
        return new DeclaredError(errorCode, ErrorTypes.VALIDATION_ERROR, false, description);
    }

    /** A {@code timeout}, retried while attempts remain. */
    public static DeclaredError timeout(String errorCode, String description) {
        return new DeclaredError(errorCode, ErrorTypes.TIMEOUT, true, description);
    }
}
