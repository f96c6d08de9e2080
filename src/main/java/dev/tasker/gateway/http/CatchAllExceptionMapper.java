package dev.tasker.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort. First looks through the cause chain for something with a proper answer (a body over the
 * limit, a JSON error wrapped by Jersey); otherwise logs the exception with the request id and answers 500
 * with that id and no stack trace.
 */
public final class CatchAllExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(CatchAllExceptionMapper.class);

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return ProblemExceptionMapper.toProblem(uriInfo, problem);
            }
            if (t instanceof JsonProcessingException json) {
                return JsonExceptionMapper.toProblem(uriInfo, json);
            }
            if (t instanceof WebApplicationException web && t != thrown) {
                return WebApplicationExceptionMapper.toProblem(uriInfo, web);
            }
        }
        LOG.error("unhandled error while serving request {}", RequestIdFilter.currentRequestId(), thrown);
        return ProblemResponses.build(uriInfo, 500, "Internal error",
                "the gateway failed to answer; quote request id " + RequestIdFilter.currentRequestId()
                        + " when reporting it", "INTERNAL_ERROR", null, false, List.of(), Map.of());
    }
}
