package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.RegisteredHandler;

/**
 * A step that ran (or was answered from the idempotency store).
 *
 * @param step     the step as executed, with generated ids filled in
 * @param handler  the handler it ran on
 * @param result   the final result, exactly as answered
 * @param replayed true when the result was stored earlier and nothing ran now
 */
public record ExecutedStep(TaskSequenceStep step, RegisteredHandler handler, StepExecutionResult result,
                           boolean replayed) {
}
