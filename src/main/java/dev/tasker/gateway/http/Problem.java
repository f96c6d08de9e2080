package dev.tasker.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.execution.FieldError;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * An RFC 9457 problem, the body of every error answer ({@code application/problem+json}).
 * {@code errors} is always written (empty when there are no field errors).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Problem(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("detail") String detail,
        @JsonProperty("instance") String instance,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("error_type") String errorType,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("errors") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** {@code about:blank} for plain HTTP errors, else a URN naming the error code. */
    public static String typeFor(String errorCode) {
        return errorCode == null ? "about:blank"
                : "urn:tasker:gateway:problem:" + errorCode.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
