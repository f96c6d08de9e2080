package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.BatchableStepHandler;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.CursorConfig;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;

public final class OrderExportAnalyzer implements BatchableStepHandler {

    @Override
    public String name() {
        return "order_export_analyzer";
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        long orders = context.getInputOr("order_count", 0L);
        if (orders == 0) {
            return noBatches("no_orders");
        }
        // batch_size 500, at most 8 workers: 10 000 orders become 8 batches of 1 250
        List<CursorConfig> batches = cursorConfigs(orders, 500, 8);
        return createBatches("export_orders_batch", batches, orders);
    }
}
