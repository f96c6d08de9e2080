package dev.tasker.gateway.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.tasker.gateway.execution.FieldError;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Map;

/**
 * A request body that is not JSON, or JSON of the wrong shape: 400, naming the offending field as a dotted
 * path ({@code workflow_step.attempts}). Registered instead of Jackson's own mappers, which answer in
 * {@code text/plain}.
 */
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(JsonProcessingException e) {
        return toProblem(uriInfo, e);
    }

    static Response toProblem(UriInfo uriInfo, JsonProcessingException e) {
        // Jackson wraps what happens below a field (a parse error deep in the body, the body limit hit while
        // reading a long value) in a JsonMappingException with the field's path: the cause decides.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return ProblemExceptionMapper.toProblem(uriInfo, problem);
            }
        }
        JsonProcessingException parseError = parseErrorIn(e);
        if (parseError != null || !(e instanceof DatabindException)) {
            JsonProcessingException malformed = parseError == null ? e : parseError;
            String where = malformed.getLocation() == null ? "" : " at line " + malformed.getLocation().getLineNr()
                    + ", column " + malformed.getLocation().getColumnNr();
            return ProblemResponses.build(uriInfo, 400, "Malformed JSON", "the request body is not valid JSON" + where
                            + ": " + malformed.getOriginalMessage(), "MALFORMED_JSON", "validation_error", false,
                    List.of(new FieldError("body", "not valid JSON")), Map.of());
        }
        String field = path((JsonMappingException) e);
        String reason = e.getOriginalMessage() == null ? "invalid value" : e.getOriginalMessage().lines().findFirst().orElse("");
        reason = reason.replaceAll("`[a-z]+(\\.[a-z]+)+\\.", "`");
        // Jackson's advice on its own configuration means nothing to the caller
        reason = reason.replaceAll("\\s*\\((but )?(might|could) if coercion[^)]*\\)", "");
        return ProblemResponses.build(uriInfo, 400, "Invalid step",
                (field.isEmpty() ? "the request body" : field) + " has the wrong type or value: " + reason,
                "INVALID_STEP", "validation_error", false,
                List.of(new FieldError(field.isEmpty() ? "body" : field, reason)), Map.of());
    }

    /** The parse error (bad syntax, or a document past the parser's limits such as nesting depth), if any. */
    private static JsonProcessingException parseErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException || t instanceof StreamConstraintsException) {
                return (JsonProcessingException) t;
            }
        }
        return null;
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
