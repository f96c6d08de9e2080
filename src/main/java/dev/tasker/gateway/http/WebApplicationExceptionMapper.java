package dev.tasker.gateway.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Jersey's own HTTP errors (404 no route, 405 wrong method, 406, 415 wrong media type, ...) as
 * problems, keeping the status and the headers Jersey set (such as {@code Allow}).
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final List<String> KEPT_HEADERS = List.of("Allow", "Retry-After", "WWW-Authenticate");

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException e) {
        return toProblem(uriInfo, e);
    }

    /** For mappers that find a {@link WebApplicationException} in a cause chain: they pass their own request. */
    static Response toProblem(UriInfo uriInfo, WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Map<String, String> headers = new LinkedHashMap<>();
        if (original != null) {
            MultivaluedMap<String, Object> given = original.getHeaders();
            for (String name : KEPT_HEADERS) {
                List<Object> values = given.get(name);
                if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(", ", values.stream().map(String::valueOf).toList()));
                }
            }
        }
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType == null ? "HTTP " + status : statusType.getReasonPhrase();
        return ProblemResponses.build(uriInfo, status, title, detail(status, e), null, null, status == 503,
                List.of(), headers);
    }

    private static String detail(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this route does not accept that method";
            case 406 -> "this route cannot answer in the requested media type";
            case 415 -> "the request body must be application/json";
            default -> e.getMessage() == null ? "HTTP " + status : e.getMessage();
        };
    }
}
