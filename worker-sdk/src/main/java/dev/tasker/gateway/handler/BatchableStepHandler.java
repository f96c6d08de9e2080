package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.BatchProcessingOutcome;
import dev.tasker.gateway.model.CursorConfig;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Helpers for both sides of a batch (contract 3).
 *
 * <p><b>Analyzer</b> ({@code type: batchable}): count the work, split it with {@link #cursorConfigs} and
 * answer {@link #createBatches} (one worker step per cursor config) or {@link #noBatches}.
 *
 * <p><b>Worker</b> ({@code type: batch_worker}): read {@link BatchWorkerContext#from}, answer
 * {@link #noOpWorker} at once when {@link BatchWorkerContext#isNoOp()}, otherwise process
 * {@code [start, end)} (resuming from the checkpoint) and answer {@link #batchWorkerSuccess}, or
 * {@link #checkpointYield} to be re-dispatched later with a checkpoint.
 *
 * <p>An interface (a mixin), so a batch handler may also extend {@link ApiStepHandler}. The helpers are
 * pure and thread-safe; they leave {@code step_uuid} null, which the gateway fills.
 */
public interface BatchableStepHandler extends StepHandler {

    /** {@code batchable}; a worker-side handler may override it with {@code batch_worker}. */
    @Override
    default String kind() {
        return "batchable";
    }

    /** {@link BatchPlanner#plan}: the cursor configs covering {@code [0, totalItems)}. */
    default List<CursorConfig> cursorConfigs(long totalItems, long batchSize, int maxWorkers) {
        return BatchPlanner.plan(totalItems, batchSize, maxWorkers);
    }

    /**
     * Create one worker step per cursor config: result {@code {batch_processing_outcome: {type:
     * create_batches, worker_template_name, worker_count, cursor_configs, total_items}, worker_count,
     * total_items, worker_template}}.
     *
     * @param workerTemplateName the step template each worker is created from; not null
     * @param cursorConfigs      not null, not empty (use {@link #noBatches})
     * @param totalItems         the number of items the batches cover, never negative
     * @throws IllegalArgumentException when {@code cursorConfigs} is empty or {@code totalItems} negative
     */
    default StepExecutionResult createBatches(String workerTemplateName, List<CursorConfig> cursorConfigs,
                                              long totalItems) {
        Objects.requireNonNull(workerTemplateName, "workerTemplateName");
        if (cursorConfigs == null || cursorConfigs.isEmpty()) {
            throw new IllegalArgumentException("create_batches needs at least one cursor config; use noBatches");
        }
        if (totalItems < 0) {
            throw new IllegalArgumentException("total items must not be negative: " + totalItems);
        }
        BatchProcessingOutcome outcome = new BatchProcessingOutcome.CreateBatches(workerTemplateName, cursorConfigs,
                totalItems);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch_processing_outcome", outcome);
        result.put("worker_count", cursorConfigs.size());
        result.put("total_items", totalItems);
        result.put("worker_template", workerTemplateName);
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result));
    }

    /**
     * No worker steps: result {@code {batch_processing_outcome: {type: no_batches}, reason, worker_count: 0}}.
     *
     * @param reason a short machine-readable reason; not null
     */
    default StepExecutionResult noBatches(String reason) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch_processing_outcome", BatchProcessingOutcome.noBatches());
        result.put("reason", Objects.requireNonNull(reason, "reason"));
        result.put("worker_count", 0);
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result));
    }

    /**
     * A worker's success with the standard fields: {@code batch_id, start_cursor, end_cursor, batch_size,
     * items_processed, items_succeeded, items_failed, items_skipped, last_cursor}, plus {@code errors} when
     * there are any; {@code metadata.custom.batch_worker = true}.
     */
    default StepExecutionResult batchWorkerSuccess(BatchWorkerContext batch, BatchWorkerProgress progress) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(progress, "progress");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch_id", batch.batchId());
        result.put("start_cursor", batch.startCursor());
        result.put("end_cursor", batch.endCursor());
        result.put("batch_size", batch.batchSize());
        result.put("items_processed", progress.itemsProcessed());
        result.put("items_succeeded", progress.itemsSucceeded());
        result.put("items_failed", progress.itemsFailed());
        result.put("items_skipped", progress.itemsSkipped());
        result.put("last_cursor", progress.lastCursor());
        if (!progress.errors().isEmpty()) {
            result.put("errors", progress.errors());
        }
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result))
                .withCustom("batch_worker", true);
    }

    /**
     * The answer of a no-op worker: {@code {batch_id, no_op: true, items_processed: 0}},
     * {@code metadata.custom.batch_worker = true}.
     */
    default StepExecutionResult noOpWorker(BatchWorkerContext batch) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch_id", Objects.requireNonNull(batch, "batch").batchId());
        result.put("no_op", true);
        result.put("items_processed", 0);
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result))
                .withCustom("batch_worker", true);
    }

    /**
     * Stop here and be re-dispatched later, resuming from {@code cursor}: result {@code {type:
     * checkpoint_yield, cursor, items_processed, accumulated_results}},
     * {@code metadata.custom.checkpoint_yield = true}.
     *
     * @param cursor             where the next run resumes (the first item not yet processed); not null
     * @param itemsProcessed     items processed so far in this batch, including earlier runs; never negative
     * @param accumulatedResults whatever the worker needs to carry over; may be null
     */
    default StepExecutionResult checkpointYield(Object cursor, long itemsProcessed, Object accumulatedResults) {
        Objects.requireNonNull(cursor, "cursor");
        if (itemsProcessed < 0) {
            throw new IllegalArgumentException("items processed must not be negative: " + itemsProcessed);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", "checkpoint_yield");
        result.put("cursor", cursor);
        result.put("items_processed", itemsProcessed);
        result.put("accumulated_results", accumulatedResults);
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result))
                .withCustom("checkpoint_yield", true);
    }
}
