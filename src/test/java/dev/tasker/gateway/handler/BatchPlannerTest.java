package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.model.CursorConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The analyzer's arithmetic at its edges. */
class BatchPlannerTest {

    @Test
    void zeroItemsGiveNoBatches() {
        assertThat(BatchPlanner.plan(0, 100, 10)).isEmpty();
    }

    @Test
    void oneItemGivesOneBatchOfOne() {
        assertThat(BatchPlanner.plan(1, 100, 10)).containsExactly(new CursorConfig("001", 0L, 1L, 1));
    }

    @Test
    void exactlyOneBatchSizeGivesOneFullBatch() {
        assertThat(BatchPlanner.plan(100, 100, 10)).containsExactly(new CursorConfig("001", 0L, 100L, 100));
    }

    @Test
    void oneMoreThanABatchGivesASecondBatchOfOne() {
        assertThat(BatchPlanner.plan(101, 100, 10)).containsExactly(
                new CursorConfig("001", 0L, 100L, 100),
                new CursorConfig("002", 100L, 101L, 1));
    }

    @Test
    void moreBatchesThanWorkersGrowsTheBatchSizeToCeilOfItemsOverWorkers() {
        // ceil(1001 / 100) = 11 > 5 workers, so the size becomes ceil(1001 / 5) = 201
        List<CursorConfig> batches = BatchPlanner.plan(1001, 100, 5);

        assertThat(BatchPlanner.effectiveBatchSize(1001, 100, 5)).isEqualTo(201);
        assertThat(batches).containsExactly(
                new CursorConfig("001", 0L, 201L, 201),
                new CursorConfig("002", 201L, 402L, 201),
                new CursorConfig("003", 402L, 603L, 201),
                new CursorConfig("004", 603L, 804L, 201),
                new CursorConfig("005", 804L, 1001L, 197));
    }

    @Test
    void theGoldenThousandItemsInBatchesOfTwoHundredFitFiveWorkersExactly() {
        assertThat(BatchPlanner.plan(1000, 200, 5)).extracting(CursorConfig::batchId)
                .containsExactly("001", "002", "003", "004", "005");
    }

    @Test
    void batchIdsStayZeroPaddedToThreeDigitsPastNine() {
        assertThat(BatchPlanner.plan(12, 1, 20)).extracting(CursorConfig::batchId).startsWith("001").endsWith("012");
    }

    @ParameterizedTest(name = "{0} items, size {1}, {2} workers")
    @CsvSource({"1,1,1", "7,3,2", "999,10,7", "1000000,1,10", "5,100,1", "10,3,100"})
    void batchesAreContiguousCoverEveryItemAndNeverExceedTheWorkers(long items, long size, int workers) {
        List<CursorConfig> batches = BatchPlanner.plan(items, size, workers);

        assertThat(batches).hasSizeLessThanOrEqualTo(workers);
        long expectedStart = 0;
        for (int i = 0; i < batches.size(); i++) {
            CursorConfig batch = batches.get(i);
            assertThat(batch.batchId()).isEqualTo(CursorConfig.batchId(i + 1));
            assertThat(batch.startCursor()).isEqualTo(expectedStart);
            long end = (Long) batch.endCursor();
            assertThat(batch.batchSize()).isEqualTo(end - expectedStart).isPositive();
            expectedStart = end;
        }
        assertThat(expectedStart).isEqualTo(items);
    }

    @ParameterizedTest(name = "{0} items, size {1}, {2} workers")
    @CsvSource({"-1,100,10", "10,0,10", "10,100,0"})
    void refusesNegativeItemsAndNonPositiveSizeOrWorkers(long items, long size, int workers) {
        assertThatThrownBy(() -> BatchPlanner.plan(items, size, workers)).isInstanceOf(IllegalArgumentException.class);
    }
}
