package dev.tasker.gateway.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Writes a {@link ProblemException} thrown by a resource or filter. */
public final class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(ProblemException e) {
        return toProblem(uriInfo, e);
    }

    /** For mappers that find a {@link ProblemException} in a cause chain: they pass their own request. */
    static Response toProblem(UriInfo uriInfo, ProblemException e) {
        return ProblemResponses.build(uriInfo, e.status(), e.title(), e.getMessage(), e.errorCode(), e.errorType(),
                e.retryable(), e.errors(), e.headers());
    }
}
