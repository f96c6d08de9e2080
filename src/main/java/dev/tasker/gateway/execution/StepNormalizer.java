package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.model.StepDefinition;
import dev.tasker.gateway.model.Task;
import dev.tasker.gateway.model.TaskForOrchestration;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WorkflowStep;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a full or partial step (contract 2: only the handler name is required) into a complete one:
 * missing ids are generated as UUID v7, a missing step name is the handler name, missing maps are empty.
 * Present values are never changed. The step is checked whole first ({@link StepValidator}).
 */
public final class StepNormalizer {

    /**
     * @throws InvalidStepException when the step names no handler or a part of it is invalid
     */
    public TaskSequenceStep normalize(TaskSequenceStep step) {
        if (step == null) {
            throw InvalidStepException.field("body", "a TaskSequenceStep JSON object is required");
        }
        String handlerName = step.handlerName();
        if (handlerName == null) {
            throw new InvalidStepException("the step names no handler",
                    List.of(new FieldError("step_definition.handler.callable",
                            "required (or workflow_step.template_step_name)")));
        }
        StepValidator.check(step);

        TaskForOrchestration taskEnvelope = step.task() == null
                ? new TaskForOrchestration(null, null, null, null) : step.task();
        Task task = taskEnvelope.task() == null ? emptyTask() : taskEnvelope.task();
        UUID taskUuid = task.taskUuid() != null ? task.taskUuid()
                : step.workflowStep() != null && step.workflowStep().taskUuid() != null
                ? step.workflowStep().taskUuid() : Uuids.v7();
        UUID correlationId = task.correlationId() != null ? task.correlationId() : Uuids.v7();
        task = task.withIds(taskUuid, correlationId);

        StepDefinition definition = step.stepDefinition() == null
                ? new StepDefinition(null, null, new HandlerDefinition(handlerName, null, null, Map.of()),
                null, null, List.of(), null, null, List.of(), null, null, null)
                : step.stepDefinition();
        String stepName = step.workflowStep() != null && step.workflowStep().name() != null
                ? step.workflowStep().name()
                : definition.name() != null ? definition.name() : handlerName;
        if (definition.name() == null) {
            definition = definition.withName(stepName);
        }

        WorkflowStep workflowStep = step.workflowStep() == null ? emptyWorkflowStep() : step.workflowStep();
        UUID stepUuid = workflowStep.workflowStepUuid() != null ? workflowStep.workflowStepUuid() : Uuids.v7();
        UUID stepTaskUuid = workflowStep.taskUuid() != null ? workflowStep.taskUuid() : taskUuid;
        workflowStep = workflowStep.withIds(stepUuid, stepTaskUuid, stepName);

        return new TaskSequenceStep(taskEnvelope.withTask(task), workflowStep, step.dependencyResults(), definition);
    }

    private static Task emptyTask() {
        return new Task(null, null, false, null, null, null, null, null, null, null, 0, null, null, null, null);
    }

    private static WorkflowStep emptyWorkflowStep() {
        return new WorkflowStep(null, null, null, null, null, true, null, false, false, null, 0, null, null,
                null, null, null, null, null);
    }
}
