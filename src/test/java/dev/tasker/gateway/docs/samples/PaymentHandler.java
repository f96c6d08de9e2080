package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.MultiMethodStepHandler;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Map;

public final class PaymentHandler extends MultiMethodStepHandler {

    public PaymentHandler() {
        entryPoint("call", this::charge);   // a step without handler.method runs call
        entryPoint("refund", this::refund);
    }

    @Override
    public String name() {
        return "payment_handler";
    }

    private StepExecutionResult charge(StepContext context) {
        return StepExecutionResult.success(context.stepUuid(), Map.of("charged", context.getInput("order_id")));
    }

    private StepExecutionResult refund(StepContext context) {
        return StepExecutionResult.success(context.stepUuid(), Map.of("refunded", context.getInput("order_id")));
    }
}
