package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.StepDefinition;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole step before any handler runs, so that nothing which passes can fail after its handler ran
 * (the events of a step, its record). JSON {@code null} where the Rust core's serde refuses it as well, an
 * element of a list or a value of a map of typed parts, is named field by field. Stateless.
 */
final class StepValidator {

    private StepValidator() {
    }

    /** @throws InvalidStepException naming every offending field */
    static void check(TaskSequenceStep step) {
        List<FieldError> errors = new ArrayList<>();
        StepDefinition definition = step.stepDefinition();
        if (definition != null) {
            noNullElements("step_definition.dependencies", definition.dependencies(), errors);
            noNullElements("step_definition.publishes_events", definition.publishesEvents(), errors);
        }
        for (Map.Entry<String, StepExecutionResult> dependency : step.dependencyResults().entrySet()) {
            String field = "dependency_results." + dependency.getKey();
            if (dependency.getKey() == null) {
                errors.add(new FieldError("dependency_results", "a key must not be null"));
            } else if (dependency.getValue() == null) {
                errors.add(new FieldError(field, "must be a StepExecutionResult object, not null"));
            } else if (dependency.getValue().error() != null) {
                noNullElements(field + ".error.backtrace", dependency.getValue().error().backtrace(), errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidStepException(errors.get(0).field() + ": " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
    }

    private static void noNullElements(String field, List<?> list, List<FieldError> errors) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be null"));
            }
        }
    }
}
