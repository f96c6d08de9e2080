package dev.tasker.gateway.http;

import dev.tasker.gateway.execution.FieldError;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/** Builds {@code application/problem+json} responses; every mapper answers through here. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static Response build(UriInfo uriInfo, int status, String title, String detail, String errorCode,
                          String errorType, boolean retryable, List<FieldError> errors, Map<String, String> headers) {
        Problem problem = new Problem(Problem.typeFor(errorCode), title, status, detail, instance(uriInfo),
                RequestIdFilter.currentRequestId(), errorType, errorCode, retryable, errors);
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    private static String instance(UriInfo uriInfo) {
        try {
            return uriInfo == null ? null : "/" + uriInfo.getPath();
        } catch (RuntimeException outsideRequest) {
            return MDC.get("path");
        }
    }
}
