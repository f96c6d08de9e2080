package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.BatchWorkerContext;
import dev.tasker.gateway.handler.BatchWorkerProgress;
import dev.tasker.gateway.handler.BatchableStepHandler;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.StepExecutionResult;

public final class OrderExportWorker implements BatchableStepHandler {

    private static final int ITEMS_PER_RUN = 1000;

    @Override
    public String name() {
        return "export_orders_batch";
    }

    @Override
    public String kind() {
        return "batch_worker";
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        BatchWorkerContext batch = BatchWorkerContext.from(context);
        if (batch.isNoOp()) {
            return noOpWorker(batch);
        }
        long from = batch.resumeIndex();               // the checkpoint cursor, else start_cursor
        long until = Math.min(batch.endIndex(), from + ITEMS_PER_RUN);
        for (long order = from; order < until; order++) {
            exportOrder(order);
        }
        long processed = batch.itemsAlreadyProcessed() + (until - from);
        if (until < batch.endIndex()) {
            return checkpointYield(until, processed, null);   // re-dispatched later, resuming at 'until'
        }
        return batchWorkerSuccess(batch, new BatchWorkerProgress(processed, processed, 0, 0, until - 1, null));
    }

    private void exportOrder(long order) {
        // write one order to the export file
    }
}
