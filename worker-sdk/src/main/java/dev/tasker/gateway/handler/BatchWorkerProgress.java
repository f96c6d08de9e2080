package dev.tasker.gateway.handler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a batch worker did, written by {@link BatchableStepHandler#batchWorkerSuccess} under the standard
 * field names. Counts include items processed before a checkpoint when the worker resumed. Immutable and
 * thread-safe.
 *
 * @param itemsProcessed total items handled by this batch so far, never negative
 * @param itemsSucceeded never negative
 * @param itemsFailed    never negative
 * @param itemsSkipped   never negative
 * @param lastCursor     the cursor of the last item handled (for integer cursors usually {@code end − 1});
 *                       any JSON value, may be null
 * @param errors         one entry per failed item, written as {@code errors} when not empty; null means
 *                       none; entries may hold JSON nulls
 */
public record BatchWorkerProgress(long itemsProcessed, long itemsSucceeded, long itemsFailed, long itemsSkipped,
                                  Object lastCursor, List<Map<String, Object>> errors) {

    /** @throws IllegalArgumentException when a count is negative */
    public BatchWorkerProgress {
        if (itemsProcessed < 0 || itemsSucceeded < 0 || itemsFailed < 0 || itemsSkipped < 0) {
            throw new IllegalArgumentException("batch counts must not be negative");
        }
        errors = errors == null || errors.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(errors));
    }
}
