package dev.tasker.gateway.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.execution.IdempotentStepExecutor;
import dev.tasker.gateway.execution.StepBatchExecutor;
import dev.tasker.gateway.execution.StoredStepResult;
import dev.tasker.gateway.http.auth.NamespaceAccess;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.concurrent.CompletionException;
import org.slf4j.MDC;

/**
 * Executes steps. 200 means the handler ran and produced a result, even a failed one; a step that cannot
 * be run is a problem (400, 404, 503). A (step_uuid, attempts) already executed is answered from the store
 * with {@code Idempotent-Replayed: true}.
 */
@Singleton
@Path("/v1/steps")
@Produces(MediaType.APPLICATION_JSON)
public final class StepsResource {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final IdempotentStepExecutor steps;
    private final StepBatchExecutor batches;

    @Inject
    public StepsResource(IdempotentStepExecutor steps, StepBatchExecutor batches) {
        this.steps = steps;
        this.batches = batches;
    }

    /** The body of {@code POST /v1/steps/batch}. */
    public record StepBatch(@JsonProperty("steps") List<TaskSequenceStep> steps) {
    }

    /**
     * The answer to a batch: one result a step, in request order; {@code replayed} lists the indexes answered
     * from the idempotency store without running.
     */
    public record StepBatchResults(@JsonProperty("count") int count,
                                   @JsonProperty("results") List<StepExecutionResult> results,
                                   @JsonProperty("replayed") List<Integer> replayed) {
    }

    /**
     * Runs one full or partial step (once per step_uuid and attempts) and answers its StepExecutionResult. The
     * request is suspended while the step runs, so a slow handler holds no HTTP worker thread.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public void execute(TaskSequenceStep body, @HeaderParam("traceparent") String traceparent,
                        @Context SecurityContext security, @Suspended AsyncResponse response) {
        NamespaceAccess.check(security, body == null ? null : List.of(body));
        TaskSequenceStep step = steps.normalize(body);
        MDC.put("step_uuid", step.workflowStep().workflowStepUuid().toString());
        steps.submit(step, traceparent).whenComplete((executed, failure) -> {
            if (failure != null) {
                response.resume(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            // the JSON the contract check wrote and the store holds, when there is one: not written again
            Object entity = executed.resultJson() != null ? executed.resultJson() : executed.result();
            Response.ResponseBuilder answer = Response.ok(entity, MediaType.APPLICATION_JSON_TYPE);
            if (executed.replayed()) {
                answer.header(REPLAYED_HEADER, "true");
            }
            response.resume(answer.build());
        });
    }

    /**
     * Runs up to {@value StepBatchExecutor#MAX_STEPS} steps concurrently and answers their results in request
     * order. The batch is checked whole first: an invalid step or an unknown handler refuses it and nothing
     * runs. {@code Idempotent-Replayed: true} when every result came from the store.
     */
    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public void executeBatch(StepBatch body, @HeaderParam("traceparent") String traceparent,
                             @Context SecurityContext security, @Suspended AsyncResponse response) {
        NamespaceAccess.check(security, body == null ? null : body.steps());
        batches.submit(body == null ? null : body.steps(), traceparent).whenComplete((executed, failure) -> {
            if (failure != null) {
                response.resume(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            List<Integer> replayed = IntStream.range(0, executed.size())
                    .filter(i -> executed.get(i).replayed()).boxed().toList();
            StepBatchResults answer = new StepBatchResults(executed.size(),
                    executed.stream().map(ExecutedStep::result).toList(), replayed);
            Response.ResponseBuilder ok = Response.ok(answer, MediaType.APPLICATION_JSON_TYPE);
            if (replayed.size() == executed.size()) {
                ok.header(REPLAYED_HEADER, "true");
            }
            response.resume(ok.build());
        });
    }

    /** The latest unexpired stored result of a step; 404 problem when there is none. */
    @GET
    @Path("{step_uuid}")
    public StepExecutionResult stored(@PathParam("step_uuid") String stepUuid) {
        UUID uuid;
        try {
            uuid = WireJson.parseUuid(stepUuid);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("step_uuid is not a UUID: " + stepUuid, "INVALID_STEP_UUID",
                    List.of(new dev.tasker.gateway.execution.FieldError("step_uuid", "not a UUID")));
        }
        return steps.latest(uuid).map(StoredStepResult::result).orElseThrow(() -> ProblemException.notFound(
                "no stored result for step " + uuid + " (never executed here, or expired)", "STEP_RESULT_NOT_FOUND"));
    }
}
