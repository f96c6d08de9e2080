package dev.tasker.gateway.http;

import dev.tasker.gateway.execution.FieldError;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;

/**
 * Thrown by resources and filters for an answer that is an HTTP-level problem (not a step rejection).
 * {@link ProblemExceptionMapper} writes it as {@code application/problem+json}.
 */
public class ProblemException extends WebApplicationException {

    private final int status;
    private final String title;
    private final String errorCode;
    private final String errorType;
    private final boolean retryable;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail, String errorCode, String errorType,
                            boolean retryable, List<FieldError> errors, Map<String, String> headers) {
        super(detail, status);
        this.status = status;
        this.title = title;
        this.errorCode = errorCode;
        this.errorType = errorType;
        this.retryable = retryable;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ProblemException notFound(String detail, String errorCode) {
        return new ProblemException(404, "Not found", detail, errorCode, null, false, List.of(), Map.of());
    }

    public static ProblemException badRequest(String detail, String errorCode, List<FieldError> errors) {
        return new ProblemException(400, "Bad request", detail, errorCode, "validation_error", false, errors, Map.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorType() {
        return errorType;
    }

    public boolean retryable() {
        return retryable;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
