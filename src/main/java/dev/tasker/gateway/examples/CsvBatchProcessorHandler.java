package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.BatchWorkerContext;
import dev.tasker.gateway.handler.BatchWorkerProgress;
import dev.tasker.gateway.handler.BatchableStepHandler;
import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The batchable pattern, worker side: "processes" rows {@code [start, end)} of its cursor, resuming from the
 * checkpoint cursor when there is one. A row fails when its number is listed in the task context's
 * {@code failing_rows}. Answers the standard batch worker fields with {@code last_cursor = end − 1}; counts
 * from before the checkpoint carry over ({@code items_processed} from the checkpoint,
 * {@code items_succeeded}, {@code items_failed} and {@code errors} from its {@code accumulated_results}).
 * A no-op worker answers the no-op result.
 */
public final class CsvBatchProcessorHandler implements BatchableStepHandler {

    private static final InputSchema SCHEMA =
            InputSchema.fromResource(CsvBatchProcessorHandler.class, "csv_batch_processor.schema.json");
    private static final List<DeclaredError> ERRORS = List.of(
            DeclaredError.validation(BatchWorkerContext.INVALID_CURSOR, "the step inputs hold no usable cursor"));

    @Override
    public String name() {
        return "csv_batch_processor";
    }

    @Override
    public String kind() {
        return "batch_worker";
    }

    @Override
    public String description() {
        return "Processes the CSV rows [start, end) of its cursor, resuming from a checkpoint";
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
        BatchWorkerContext batch = BatchWorkerContext.from(context);
        if (batch.isNoOp()) {
            return noOpWorker(batch);
        }
        long start = batch.resumeIndex();
        long end = batch.endIndex();
        SortedSet<Long> failingRows = failingRows(context.getInput("failing_rows"));
        Map<?, ?> carried = batch.accumulatedResults() instanceof Map<?, ?> map ? map : Map.of();

        long succeeded = count(carried.get("items_succeeded"));
        long failed = count(carried.get("items_failed"));
        List<Map<String, Object>> errors = carriedErrors(carried.get("errors"));
        // counted, not visited row by row: the cursor comes from the request and may span billions of rows
        long rows = Math.max(0, end - start);
        long failedNow = 0;
        for (long row : failingRows) {
            if (row >= start && row < end) {
                failedNow++;
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("row", row);
                error.put("message", "row " + row + " is listed in failing_rows");
                errors.add(error);
            }
        }
        failed += failedNow;
        succeeded += rows - failedNow;
        long processed = batch.itemsAlreadyProcessed() + rows;
        return batchWorkerSuccess(batch, new BatchWorkerProgress(processed, succeeded, failed, 0, end - 1, errors));
    }

    /** The listed rows in ascending order, each once. */
    private static SortedSet<Long> failingRows(Object value) {
        SortedSet<Long> rows = new TreeSet<>();
        if (value instanceof List<?> list) {
            for (Object row : list) {
                if (row instanceof Integer || row instanceof Long) {
                    rows.add(((Number) row).longValue());
                }
            }
        }
        return rows;
    }

    private static long count(Object value) {
        return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() > 0
                ? ((Number) value).longValue() : 0L;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> carriedErrors(Object value) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object error : list) {
                if (error instanceof Map<?, ?> map) {
                    errors.add((Map<String, Object>) map);
                }
            }
        }
        return errors;
    }
}
