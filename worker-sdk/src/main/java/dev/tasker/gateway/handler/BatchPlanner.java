package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.CursorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch arithmetic of a batchable step's analyzer side (contract 3). Pure and thread-safe.
 *
 * <p>For {@code n} items: no batches when {@code n} is 0; otherwise {@code ceil(n / batchSize)} batches, and
 * when that exceeds {@code maxWorkers} the batch size grows to {@code ceil(n / maxWorkers)} so that at most
 * {@code maxWorkers} batches cover every item. Batches are contiguous integer cursor ranges
 * {@code [start, end)} from 0, each {@code batchSize} items except a shorter last one;
 * {@code batch_id} is "001", "002", ... and each config's {@code batch_size} is its own item count.
 */
public final class BatchPlanner {

    private BatchPlanner() {
    }

    /**
     * The batch size actually used for {@code totalItems}: {@code batchSize}, or {@code ceil(n / maxWorkers)}
     * when {@code batchSize} would need more than {@code maxWorkers} batches.
     *
     * @throws IllegalArgumentException when {@code totalItems} is negative or {@code batchSize} or
     *                                  {@code maxWorkers} is below 1
     */
    public static long effectiveBatchSize(long totalItems, long batchSize, int maxWorkers) {
        validate(totalItems, batchSize, maxWorkers);
        long batches = ceilDiv(totalItems, batchSize);
        return batches > maxWorkers ? ceilDiv(totalItems, maxWorkers) : batchSize;
    }

    /**
     * The cursor configs covering items {@code [0, totalItems)}; empty when {@code totalItems} is 0.
     *
     * @throws IllegalArgumentException when {@code totalItems} is negative or {@code batchSize} or
     *                                  {@code maxWorkers} is below 1
     */
    public static List<CursorConfig> plan(long totalItems, long batchSize, int maxWorkers) {
        long size = effectiveBatchSize(totalItems, batchSize, maxWorkers);
        List<CursorConfig> configs = new ArrayList<>();
        for (long start = 0; start < totalItems; start += size) {
            long end = Math.min(start + size, totalItems);
            configs.add(new CursorConfig(CursorConfig.batchId(configs.size() + 1), start, end, end - start));
        }
        return List.copyOf(configs);
    }

    private static void validate(long totalItems, long batchSize, int maxWorkers) {
        if (totalItems < 0) {
            throw new IllegalArgumentException("total items must not be negative: " + totalItems);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("max workers must be at least 1: " + maxWorkers);
        }
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
