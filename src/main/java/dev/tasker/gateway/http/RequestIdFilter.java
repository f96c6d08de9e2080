package dev.tasker.gateway.http;

import dev.tasker.gateway.model.Uuids;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is sane (1–128 visible ASCII
 * characters), else a new UUID v7. The id is put in the logging MDC ({@code request_id}) for every line
 * written while serving the request, returned in the {@code X-Request-Id} response header and written in
 * every problem body.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final String PROPERTY = RequestIdFilter.class.getName();
    private static final Pattern SANE = Pattern.compile("[\\x21-\\x7E]{1,128}");

    @Override
    public void filter(ContainerRequestContext request) {
        String id = idFor(request.getHeaderString(HEADER));
        request.setProperty(PROPERTY, id);
        // a suspended request (POST /v1/steps) is answered from another thread, so the response filter never
        // cleans this server thread: start every request with nothing left from the one before
        MDC.clear();
        MDC.put(MDC_KEY, id);
        MDC.put("path", "/" + request.getUriInfo().getPath());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
        MDC.remove(MDC_KEY);
        MDC.remove("path");
        MDC.remove("step_uuid");
    }

    /** The id a request gets: the client's {@code X-Request-Id} (may be null) when it is sane, else a new one. */
    public static String idFor(String given) {
        return given != null && SANE.matcher(given).matches() ? given : Uuids.v7().toString();
    }

    /** The id of the request served on this thread, or null outside a request. */
    public static String currentRequestId() {
        return MDC.get(MDC_KEY);
    }
}
