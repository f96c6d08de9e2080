package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;

/** Answers the task context ({@code task.task.context}) unchanged: the smallest possible handler. */
public final class EchoHandler implements StepHandler {

    private static final InputSchema SCHEMA =
            InputSchema.fromResource(EchoHandler.class, "echo.schema.json");
    private static final List<DeclaredError> ERRORS = List.of();

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Returns the task context unchanged";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public List<DeclaredError> errors() {
        return ERRORS;
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        return StepExecutionResult.success(context.stepUuid(), context.taskContext());
    }
}
