package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.TaskSequenceStep;
import java.util.Objects;
import java.util.UUID;

/**
 * The idempotency key of one execution: the step and how many attempts started before this one.
 *
 * @param stepUuid {@code workflow_step.workflow_step_uuid}
 * @param attempts {@code workflow_step.attempts} (0 when absent)
 */
public record StepKey(UUID stepUuid, int attempts) {

    public StepKey {
        Objects.requireNonNull(stepUuid, "stepUuid");
    }

    /** The key of a normalized step. */
    public static StepKey of(TaskSequenceStep step) {
        Integer attempts = step.workflowStep().attempts();
        return new StepKey(step.workflowStep().workflowStepUuid(), attempts == null ? 0 : attempts);
    }
}
