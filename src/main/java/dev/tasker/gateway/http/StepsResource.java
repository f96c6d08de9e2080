package dev.tasker.gateway.http;

import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.execution.StepExecutor;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.slf4j.MDC;

/**
 * Executes steps. 200 means the handler ran and produced a result, even a failed one; a step that cannot
 * be run is a problem (400, 404, 503).
 */
@Path("/v1/steps")
@Produces(MediaType.APPLICATION_JSON)
public final class StepsResource {

    private final StepExecutor executor;

    @Inject
    public StepsResource(StepExecutor executor) {
        this.executor = executor;
    }

    /** Runs one full or partial step and answers its StepExecutionResult. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public StepExecutionResult execute(TaskSequenceStep body) {
        TaskSequenceStep step = executor.normalize(body);
        MDC.put("step_uuid", step.workflowStep().workflowStepUuid().toString());
        ExecutedStep executed = executor.execute(step, executor.resolve(step));
        return executed.result();
    }
}
