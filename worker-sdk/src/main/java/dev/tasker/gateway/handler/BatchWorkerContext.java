package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.CursorConfig;
import java.util.Map;
import java.util.Objects;

/**
 * What a batch worker step ({@code type: batch_worker}) needs to know, read from {@code workflow_step.inputs}
 * ({@code cursor}, {@code batch_metadata}, {@code is_no_op}) and {@code workflow_step.checkpoint}
 * (contract 3). Immutable and thread-safe.
 *
 * <p>Checkpoint cursor convention: it is the position to <em>resume from</em> (the first item not yet
 * processed), the value a worker passes to {@link BatchableStepHandler#checkpointYield}.
 */
public final class BatchWorkerContext {

    /** {@code error_code} when the step inputs carry no usable cursor. */
    public static final String INVALID_CURSOR = "INVALID_CURSOR";

    private final CursorConfig cursor;
    private final boolean noOp;
    private final String cursorField;
    private final String failureStrategy;
    private final Object checkpointCursor;
    private final long itemsAlreadyProcessed;
    private final Object accumulatedResults;

    private BatchWorkerContext(CursorConfig cursor, boolean noOp, String cursorField, String failureStrategy,
                               Object checkpointCursor, long itemsAlreadyProcessed, Object accumulatedResults) {
        this.cursor = cursor;
        this.noOp = noOp;
        this.cursorField = cursorField;
        this.failureStrategy = failureStrategy;
        this.checkpointCursor = checkpointCursor;
        this.itemsAlreadyProcessed = itemsAlreadyProcessed;
        this.accumulatedResults = accumulatedResults;
    }

    /**
     * Reads the batch worker's inputs and checkpoint.
     *
     * @param context the step; never null
     * @throws ValidationStepException ({@code INVALID_CURSOR}) when the step is not a no-op and
     *                                 {@code inputs.cursor} is missing or has no {@code batch_id}
     */
    public static BatchWorkerContext from(StepContext context) {
        Objects.requireNonNull(context, "context");
        Map<String, Object> inputs = context.getStepInputs();
        boolean noOp = Boolean.TRUE.equals(inputs.get("is_no_op"));
        CursorConfig cursor = cursorOf(inputs.get("cursor"), noOp);
        Map<?, ?> batchMetadata = inputs.get("batch_metadata") instanceof Map<?, ?> map ? map : Map.of();
        return new BatchWorkerContext(cursor, noOp, stringOrNull(batchMetadata.get("cursor_field")),
                stringOrNull(batchMetadata.get("failure_strategy")), context.checkpointCursor(),
                context.checkpointItemsProcessed(), context.accumulatedResults());
    }

    /** The batch's cursor config; for a no-op worker without one, batch {@code "000"} over nothing. */
    public CursorConfig cursor() {
        return cursor;
    }

    /** The cursor's {@code batch_id} ("001", ...; "000" for a no-op worker without a cursor); never null. */
    public String batchId() {
        return cursor.batchId();
    }

    /** The first item of the batch (inclusive); any JSON value, usually an integer. */
    public Object startCursor() {
        return cursor.startCursor();
    }

    /** The end of the batch (exclusive); any JSON value, usually an integer. */
    public Object endCursor() {
        return cursor.endCursor();
    }

    /** {@code batch_size} of the cursor config. */
    public long batchSize() {
        return cursor.batchSize();
    }

    /** {@code inputs.is_no_op}: the worker exists only to keep the graph shape and should do nothing. */
    public boolean isNoOp() {
        return noOp;
    }

    /** {@code inputs.batch_metadata.cursor_field}, or null. */
    public String cursorField() {
        return cursorField;
    }

    /** {@code inputs.batch_metadata.failure_strategy} (for example {@code continue_on_failure}), or null. */
    public String failureStrategy() {
        return failureStrategy;
    }

    /** True when there is a checkpoint with a non-null cursor to resume from. */
    public boolean hasCheckpoint() {
        return checkpointCursor != null;
    }

    /** The checkpoint's cursor (where to resume), or null. */
    public Object checkpointCursor() {
        return checkpointCursor;
    }

    /** Items processed before the checkpoint; 0 without one. */
    public long itemsAlreadyProcessed() {
        return itemsAlreadyProcessed;
    }

    /** The checkpoint's {@code accumulated_results}, or null. */
    public Object accumulatedResults() {
        return accumulatedResults;
    }

    /**
     * {@link #startCursor()} as an integer.
     *
     * @throws ValidationStepException ({@code INVALID_CURSOR}) when it is not an integer
     */
    public long startIndex() {
        return integer(cursor.startCursor(), "start_cursor");
    }

    /**
     * {@link #endCursor()} as an integer.
     *
     * @throws ValidationStepException ({@code INVALID_CURSOR}) when it is not an integer
     */
    public long endIndex() {
        return integer(cursor.endCursor(), "end_cursor");
    }

    /**
     * Where processing starts for integer cursors: the checkpoint cursor when there is one (clamped to the
     * batch), else {@link #startIndex()}.
     *
     * @throws ValidationStepException ({@code INVALID_CURSOR}) when a cursor is not an integer
     */
    public long resumeIndex() {
        long start = startIndex();
        if (!hasCheckpoint()) {
            return start;
        }
        long resume = integer(checkpointCursor, "checkpoint.cursor");
        return Math.max(start, Math.min(resume, endIndex()));
    }

    private static CursorConfig cursorOf(Object value, boolean noOp) {
        if (value instanceof Map<?, ?> map && map.get("batch_id") instanceof String batchId) {
            Object size = map.get("batch_size");
            long batchSize = size instanceof Number number ? number.longValue() : 0L;
            return new CursorConfig(batchId, map.get("start_cursor"), map.get("end_cursor"), batchSize);
        }
        if (noOp) {
            return new CursorConfig(CursorConfig.batchId(0), 0L, 0L, 0L);
        }
        throw new ValidationStepException("batch worker step inputs have no 'cursor' with a 'batch_id'",
                INVALID_CURSOR);
    }

    private static long integer(Object value, String field) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        throw new ValidationStepException("batch cursor '" + field + "' is not an integer: " + value, INVALID_CURSOR);
    }

    private static String stringOrNull(Object value) {
        return value instanceof String text ? text : null;
    }
}
