package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.execution.StoredStepResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter in front of the idempotency lookup: it never rules out a key whose result is stored (added before
 * the insert, filled from the table behind a barrier, filled again after a restart and a purge), and it does
 * rule out most keys never stored, which is what saves the lookups.
 */
class StoredKeysTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-04T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
    }

    @Property(tries = 50)
    void aFilterNeverRulesOutAKeyAddedToIt(@ForAll("keys") @Size(min = 1, max = 300) List<StepKey> added) {
        StoredKeyFilter filter = new StoredKeyFilter(100); // smaller than some of the sets: a full filter too
        added.forEach(filter::add);
        assertThat(added).allMatch(filter::mightBeStored);
    }

    @Provide
    Arbitrary<List<StepKey>> keys() {
        Arbitrary<UUID> uuids = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
        Arbitrary<StepKey> key = net.jqwik.api.Combinators.combine(uuids, Arbitraries.integers().between(0, 5))
                .as(StepKey::new);
        return key.list();
    }

    @Test
    void aFilterRulesOutNearlyEveryKeyNeverAddedToIt() {
        StoredKeyFilter filter = new StoredKeyFilter(10_000);
        for (int i = 0; i < 10_000; i++) {
            filter.add(new StepKey(Uuids.v7(), i % 3));
        }
        int maybe = 0;
        for (int i = 0; i < 10_000; i++) {
            maybe += filter.mightBeStored(new StepKey(Uuids.v7(), 0)) ? 1 : 0;
        }
        // about 1 % at the size it was made for; 5 % leaves room for chance, a broken hash gives far more
        assertThat(maybe).isLessThan(500);
        // the same step's other attempts are other keys
        StepKey stored = new StepKey(Uuids.v7(), 0);
        filter.add(stored);
        int otherAttempts = 0;
        for (int attempts = 1; attempts <= 100; attempts++) {
            otherAttempts += filter.mightBeStored(new StepKey(stored.stepUuid(), attempts)) ? 1 : 0;
        }
        assertThat(otherAttempts).isLessThan(10);
    }

    @Test
    void untilTheFirstFillEveryKeyIsLookedUp() throws Exception {
        Store store = store(tempDir());
        StepKey key = new StepKey(Uuids.v7(), 0);
        store.writer().write(commit(key, now.plus(Duration.ofHours(1))));

        assertThat(store.keys().filled()).isFalse();
        assertThat(store.keys().mightBeStored(new StepKey(Uuids.v7(), 0))).isTrue();
        assertThat(store.results().find(key)).isPresent();
    }

    @Test
    void afterAFillAStoredKeyIsFoundAndANewOneIsNotLookedUp() throws Exception {
        Store store = store(tempDir());
        StepKey before = new StepKey(Uuids.v7(), 0);
        store.writer().write(commit(before, now.plus(Duration.ofHours(1))));

        assertThat(store.keys().fill(store.writer())).isEqualTo(1);
        StepKey after = new StepKey(Uuids.v7(), 2);
        store.writer().write(commit(after, now.plus(Duration.ofHours(1))));

        assertThat(store.keys().mightBeStored(before)).isTrue();
        assertThat(store.keys().mightBeStored(after)).isTrue();
        assertThat(store.results().find(before).map(r -> r.key())).contains(before);
        assertThat(store.results().find(after).map(r -> r.key())).contains(after);
        assertThat(store.keys().mightBeStored(new StepKey(Uuids.v7(), 0))).isFalse();
        assertThat(store.keys().mightBeStored(new StepKey(before.stepUuid(), 1))).isFalse();
    }

    @Test
    void aRestartedStoreFindsWhatItStoredBefore() throws Exception {
        Path data = tempDir();
        Store first = store(data);
        StepKey key = new StepKey(Uuids.v7(), 0);
        first.keys().fill(first.writer());
        first.writer().write(commit(key, now.plus(Duration.ofHours(1))));
        close(); // the writer and the database, as a stopped gateway

        Store second = store(data);
        assertThat(second.results().find(key)).as("looked up before the fill").isPresent();
        second.keys().fill(second.writer());
        assertThat(second.keys().mightBeStored(key)).isTrue();
        assertThat(second.results().find(key).map(StoredStepResult::key)).contains(key);
    }

    @Test
    void anExpiredResultIsNotAnsweredAndItsStepStoresItsNewResult() throws Exception {
        Store store = store(tempDir());
        StepKey key = new StepKey(Uuids.v7(), 0);
        store.writer().write(commit(key, now.plus(Duration.ofMinutes(1))));
        now = now.plus(Duration.ofMinutes(2)); // expired, not purged yet

        store.keys().fill(store.writer());
        assertThat(store.keys().mightBeStored(key)).as("expired keys are not filled in").isFalse();
        assertThat(store.results().find(key)).isEmpty();
        // the step runs again: its new result replaces the expired row
        assertThat(store.writer().write(commit(key, now.plus(Duration.ofHours(1))))).isEmpty();
        assertThat(store.results().find(key)).isPresent();
    }

    @Test
    void aPurgedKeyLeavesTheFilterWhenItIsFilledAgain() throws Exception {
        Store store = store(tempDir());
        StepKey purged = new StepKey(Uuids.v7(), 0);
        StepKey kept = new StepKey(Uuids.v7(), 0);
        store.keys().fill(store.writer());
        store.writer().write(commit(purged, now.plus(Duration.ofMinutes(1))));
        store.writer().write(commit(kept, now.plus(Duration.ofHours(1))));
        now = now.plus(Duration.ofMinutes(2));

        assertThat(store.results().purgeExpired()).isEqualTo(1);
        assertThat(store.keys().mightBeStored(purged)).as("still in the old filter").isTrue();
        assertThat(store.keys().fill(store.writer())).isEqualTo(1);
        assertThat(store.keys().mightBeStored(purged)).isFalse();
        assertThat(store.keys().mightBeStored(kept)).isTrue();
    }

    @Test
    void keysCommittedWhileTheFilterIsFilledAreNeverRuledOut() throws Exception {
        Store store = store(tempDir());
        ConcurrentLinkedQueue<StepKey> committed = new ConcurrentLinkedQueue<>();
        AtomicBoolean filling = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                running.add(writers.submit(() -> {
                    while (filling.get()) {
                        StepKey key = new StepKey(Uuids.v7(), 0);
                        store.writer().write(commit(key, now.plus(Duration.ofHours(1))));
                        committed.add(key);
                        // a key answered is found at once, whatever the fill is doing
                        assertThat(store.keys().mightBeStored(key)).isTrue();
                    }
                    return null;
                }));
            }
            long filled = 0;
            for (int round = 0; round < 20; round++) {
                filled = store.keys().fill(store.writer());
            }
            filling.set(false);
            for (Future<?> f : running) {
                f.get();
            }
            assertThat(filled).isPositive();
        } finally {
            writers.shutdownNow();
        }
        assertThat(committed).hasSizeGreaterThan(20).allMatch(store.keys()::mightBeStored);
        assertThat(committed).allMatch(key -> store.results().find(key).isPresent());
    }

    @Test
    void aBarrierReturnsOnceEverythingQueuedBeforeItIsWritten() throws Exception {
        Store store = store(tempDir());
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<StepKey> keys = new ArrayList<>();
            List<Future<Optional<GroupCommitWriter.Kept>>> writes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                StepKey key = new StepKey(Uuids.v7(), 0);
                keys.add(key);
                writes.add(writers.submit(() -> store.writer().write(commit(key, now.plus(Duration.ofHours(1))))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            store.writer().barrier();
            assertThat(keys).allMatch(key -> store.results().find(key).isPresent());
        } finally {
            writers.shutdownNow();
        }
    }

    private record Store(GroupCommitWriter writer, StoredKeys keys, JdbcStepResultStore results) {
    }

    private Store store(Path data) {
        Database database = Database.open(Database.embeddedUrl(data), 8);
        closing.add(database);
        assertThat(database.exclusive()).isTrue();
        StoredKeys keys = new StoredKeys(database, clock, 10_000);
        GroupCommitWriter writer = new GroupCommitWriter(database, Duration.ofSeconds(30),
                dev.tasker.gateway.webhook.DeliveryHandoff.NONE, null, keys, () -> { });
        closing.add(writer);
        return new Store(writer, keys, new JdbcStepResultStore(database, WireJson.newObjectMapper(), clock, keys));
    }

    private Path tempDir() throws Exception {
        return Files.createTempDirectory("stored-keys-test");
    }

    private StepCommit commit(StepKey key, Instant expiresAt) {
        String result = "{\"step_uuid\":\"" + key.stepUuid() + "\",\"success\":true,\"result\":{\"n\":1},"
                + "\"metadata\":{\"execution_time_ms\":1,\"retryable\":false,\"completed_at\":\"2025-11-28T14:50:35.640229Z\"},"
                + "\"status\":\"completed\",\"error\":null,\"orchestration_metadata\":null}";
        return new StepCommit(key, result, now, expiresAt, List.of());
    }
}
