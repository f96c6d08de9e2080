package dev.tasker.gateway.http;

import dev.tasker.gateway.execution.StepRejectedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Writes a step the gateway refused to run (400 invalid, 404 unknown handler, 503 overloaded). */
public final class StepRejectedExceptionMapper implements ExceptionMapper<StepRejectedException> {

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(StepRejectedException e) {
        return ProblemResponses.build(uriInfo, e.status(), e.title(), e.getMessage(), e.errorCode(), e.errorType(),
                e.retryable(), e.errors(), e.headers());
    }
}
