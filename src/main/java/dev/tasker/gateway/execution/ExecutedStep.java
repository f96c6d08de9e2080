package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.RegisteredHandler;

/**
 * A step that ran (or was answered from the idempotency store).
 *
 * @param step       the step as executed, with generated ids filled in
 * @param handler    the handler it ran on
 * @param result     the final result, exactly as answered
 * @param replayed   true when the result was stored earlier and nothing ran now
 * @param resultJson the result written as JSON (UTF-8) once by the contract check, the bytes that are stored
 *                   and answered; null when it was not written here (a replay: its stored JSON is read). Not
 *                   to be changed.
 */
public record ExecutedStep(TaskSequenceStep step, RegisteredHandler handler, StepExecutionResult result,
                           boolean replayed, byte[] resultJson) {

    /** Without the written JSON: whoever stores or answers it writes the result. */
    public ExecutedStep(TaskSequenceStep step, RegisteredHandler handler, StepExecutionResult result,
                        boolean replayed) {
        this(step, handler, result, replayed, null);
    }
}
