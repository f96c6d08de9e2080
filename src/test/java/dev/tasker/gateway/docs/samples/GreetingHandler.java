package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Map;

public final class GreetingHandler implements StepHandler {

    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        String customer = context.getInputOr("customer_name", "friend");        // task input
        String greeting = context.getConfigOr("greeting", "Hello");              // handler config
        Object orderId = context.getDependencyField("create_order", "order_id"); // an ancestor's result

        return StepExecutionResult.success(context.stepUuid(), Map.of(
                "message", greeting + ", " + customer + "!",
                "order_id", String.valueOf(orderId),
                "attempt", context.retryCount() + 1));
    }
}
