package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;

/** Answers the task context ({@code task.task.context}) unchanged: the smallest possible handler. */
public final class EchoHandler implements StepHandler {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Returns the task context unchanged";
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        return StepExecutionResult.success(context.stepUuid(), context.taskContext());
    }
}
