package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What a handler receives and the body of {@code POST /v1/steps} (contract section 2).
 *
 * @param task              the task with its context (the task input); may be null in a partial step
 * @param workflowStep      the step row; may be null in a partial step
 * @param dependencyResults results of every completed ancestor, keyed by step name; never null
 * @param stepDefinition    the template, holding the handler name and config; may be null in a partial step
 */
public record TaskSequenceStep(
        @JsonProperty("task") TaskForOrchestration task,
        @JsonProperty("workflow_step") WorkflowStep workflowStep,
        @JsonProperty("dependency_results") Map<String, StepExecutionResult> dependencyResults,
        @JsonProperty("step_definition") StepDefinition stepDefinition) {

    public TaskSequenceStep {
        dependencyResults = WireCollections.copyOf(dependencyResults);
    }

    /**
     * The handler lookup key: {@code step_definition.handler.callable}, else
     * {@code workflow_step.template_step_name}; null when neither is set.
     */
    public String handlerName() {
        if (stepDefinition != null && stepDefinition.handler() != null
                && stepDefinition.handler().callable() != null && !stepDefinition.handler().callable().isBlank()) {
            return stepDefinition.handler().callable();
        }
        if (workflowStep != null && workflowStep.templateStepName() != null
                && !workflowStep.templateStepName().isBlank()) {
            return workflowStep.templateStepName();
        }
        return null;
    }
}
