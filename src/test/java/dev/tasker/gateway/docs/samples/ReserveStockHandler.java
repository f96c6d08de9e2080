package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.RetryableStepException;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.ValidationStepException;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.time.Duration;
import java.util.Map;

public final class ReserveStockHandler implements StepHandler {

    @Override
    public String name() {
        return "reserve_stock";
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        String sku = context.getInput("sku", String.class);
        if (sku == null) {
            // thrown: becomes failed / validation_error / SKU_REQUIRED / not retried
            throw new ValidationStepException("Task context 'sku' is required", "SKU_REQUIRED");
        }
        int available = context.getInputOr("available", 0);
        if (context.getInputOr("warehouse_busy", false)) {
            // thrown: retried in 30 s (Retry-After: 30, backoff_hint ServerRequested)
            throw new RetryableStepException("Warehouse is busy", "WAREHOUSE_BUSY", Duration.ofSeconds(30));
        }
        if (available == 0) {
            // returned: the same outcome as a result you build yourself, with context for people
            return StepExecutionResult.failure(context.stepUuid(), "SKU " + sku + " is out of stock",
                            "OUT_OF_STOCK", ErrorTypes.PERMANENT_ERROR, false, 0, Map.of("sku", sku))
                    .withCustom("warehouse", "PDX-2");
        }
        return StepExecutionResult.success(context.stepUuid(), Map.of("sku", sku, "reserved", 1));
    }
}
