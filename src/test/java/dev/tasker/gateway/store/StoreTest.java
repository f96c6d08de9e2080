package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.PostgresDatabase;
import dev.tasker.gateway.webhook.DeliveryLog;
import dev.tasker.gateway.webhook.DeliveryQueue;
import dev.tasker.gateway.webhook.DeliveryState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same store code on embedded H2 and on the local PostgreSQL. */
class StoreTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private String url(Dialect dialect) throws Exception {
        if (dialect == Dialect.H2) {
            return Database.embeddedUrl(Files.createTempDirectory("store-test"));
        }
        PostgresDatabase postgres = PostgresDatabase.create();
        closing.add(postgres);
        return postgres.jdbcUrl();
    }

    private Database open(String url) {
        Database database = Database.open(url, 8);
        closing.add(database);
        return database;
    }

    private GroupCommitWriter writer(Database database) {
        GroupCommitWriter writer = new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { });
        closing.add(writer);
        return writer;
    }

    /** A store of the dialect with a writer, the delivery queue and log, and the endpoint "orders" known. */
    private record Outbox(Database database, GroupCommitWriter writer, JdbcDeliveryQueue queue, JdbcDeliveryLog log) {
    }

    /** {@link #outbox} holding one step's event, with one delivery to "orders" due at {@code now}. */
    private Outbox outboxWithOneDelivery(Dialect dialect, Instant now) throws Exception {
        Outbox outbox = outbox(dialect);
        outbox.writer().write(commit(new StepKey(Uuids.v7(), 0), "orders", now));
        return outbox;
    }

    private Outbox outbox(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        Outbox outbox = new Outbox(database, writer(database), new JdbcDeliveryQueue(database),
                new JdbcDeliveryLog(database));
        outbox.queue().registerEndpoints(List.of("orders"));
        return outbox;
    }

    private static StepCommit commit(StepKey key, String endpoint, Instant now) {
        UUID eventId = Uuids.v7();
        OutboxEvent event = new OutboxEvent(eventId, "order.confirmed", "ecommerce", key.stepUuid(),
                "{\"event_id\":\"" + eventId + "\"}", null,
                endpoint == null ? List.of() : List.of(new OutboxEvent.NewDelivery(endpoint, now)));
        String result = "{\"step_uuid\":\"" + key.stepUuid() + "\",\"success\":true,\"result\":{\"n\":1},"
                + "\"metadata\":{\"execution_time_ms\":1,\"retryable\":false,\"completed_at\":\"2025-11-28T14:50:35.640229Z\"},"
                + "\"status\":\"completed\",\"error\":null,\"orchestration_metadata\":null}";
        return new StepCommit(key, result, now, now.plus(Duration.ofHours(1)), List.of(event));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void schemaIsCreatedOnceAndVersioned(Dialect dialect) throws Exception {
        String url = url(dialect);
        open(url).close();
        Database again = open(url);

        try (Connection connection = again.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM gateway_schema_version")) {
            List<Integer> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
            assertThat(versions).containsExactlyElementsOf(
                    SchemaMigrations.MIGRATIONS.stream().map(SchemaMigrations.Migration::version).toList());
            assertThat(versions).endsWith(SchemaMigrations.currentVersion());
        }
        assertThat(again.dialect()).isEqualTo(dialect);
        assertThat(again.exclusive()).isEqualTo(dialect == Dialect.H2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentStepCommitsShareTransactionsAndAllBecomeReadable(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        JdbcStepResultStore results = new JdbcStepResultStore(database, WireJson.newObjectMapper(), Clock.systemUTC());
        int steps = 200;
        ExecutorService threads = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<StepKey> keys = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            writes.add(CompletableFuture.runAsync(() -> {
                StepKey key = new StepKey(Uuids.v7(), 0);
                keys.add(key);
                awaitQuietly(go);
                writer.write(commit(key, "orders", Instant.now()));
            }, threads));
        }
        go.countDown();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
        threads.shutdown();

        assertThat(writer.commits()).isEqualTo(steps);
        assertThat(writer.batches()).isLessThan(steps);
        for (StepKey key : keys) {
            assertThat(results.find(key)).isPresent();
        }
        assertThat(new JdbcDeliveryLog(database).storedEvents()).isEqualTo(steps);
    }

    @Test
    void anH2UrlOfTheOperatorsOwnCommitsWithoutWriteDelayUnlessItSetsOne() throws Exception {
        String plain = "jdbc:h2:file:" + Files.createTempDirectory("store-test").resolve("own");
        String explicit = "jdbc:h2:file:" + Files.createTempDirectory("store-test").resolve("own") + ";write_delay=200";

        assertThat(writeDelay(open(plain))).isEqualTo("0");
        assertThat(writeDelay(open(explicit))).isEqualTo("200");
    }

    private static String writeDelay(Database database) throws Exception {
        try (var connection = database.connection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSecondCommitForTheSameExecutionKeepsTheFirstAndAddsNoEvents(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        StepKey key = new StepKey(Uuids.v7(), 0);

        StepCommit first = commit(key, "orders", Instant.now());
        StepCommit second = new StepCommit(key, first.resultJson().replace("\"n\":1", "\"n\":2"),
                Instant.now(), Instant.now().plus(Duration.ofHours(1)), commit(key, "orders", Instant.now()).events());

        assertThat(writer.write(first)).isEmpty();
        assertThat(writer.write(second)).as("the stored result, for the second caller to answer")
                .hasValue(new GroupCommitWriter.Kept(first.resultJson(), null));
        assertThat(new JdbcDeliveryLog(database).storedEvents()).isEqualTo(1);
    }

    /**
     * On H2 a batch is inserted without looking up its keys first; one stored key fails that insert, and the
     * batch is written again one by one: every other commit of the batch is still stored with its events.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBatchHoldingOneStoredKeyStillStoresTheOthersWithTheirEvents(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        StepKey stored = new StepKey(Uuids.v7(), 0);
        StepCommit first = commit(stored, "orders", Instant.now());
        writer.write(first);

        List<StepCommit> batch = new ArrayList<>();
        batch.add(commit(stored, "orders", Instant.now()));
        for (int i = 0; i < 20; i++) {
            batch.add(commit(new StepKey(Uuids.v7(), 0), "orders", Instant.now()));
        }
        ExecutorService callers = Executors.newFixedThreadPool(batch.size());
        try {
            List<java.util.concurrent.Future<java.util.Optional<GroupCommitWriter.Kept>>> answers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (StepCommit commit : batch) {
                answers.add(callers.submit(() -> {
                    go.await();
                    return writer.write(commit);
                }));
            }
            go.countDown();
            assertThat(answers.get(0).get()).hasValue(new GroupCommitWriter.Kept(first.resultJson(), null));
            for (int i = 1; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).as("commit %d is new", i).isEmpty();
            }
        } finally {
            callers.shutdownNow();
        }
        JdbcStepResultStore results = new JdbcStepResultStore(database, WireJson.newObjectMapper(), Clock.systemUTC());
        for (StepCommit commit : batch) {
            assertThat(results.find(commit.key())).as("stored: %s", commit.key()).isPresent();
        }
        assertThat(new JdbcDeliveryLog(database).storedEvents()).isEqualTo(1 + 20);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCommitForAnExecutionWhoseStoredResultExpiredReplacesItAndAddsItsEvents(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        JdbcStepResultStore results = new JdbcStepResultStore(database, WireJson.newObjectMapper(), Clock.systemUTC());
        StepKey key = new StepKey(Uuids.v7(), 0);
        writer.write(commit(key, "orders", Instant.now().minus(Duration.ofHours(2)))); // expired an hour ago
        assertThat(results.find(key)).isEmpty(); // so the same execution runs again, and is recorded again:

        StepCommit again = commit(key, "orders", Instant.now());
        writer.write(again);

        assertThat(results.find(key)).hasValueSatisfying(stored ->
                assertThat(stored.storedAt()).isEqualTo(again.storedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        assertThat(new JdbcDeliveryLog(database).storedEvents()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentWorkersClaimDisjointDeliveries(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        Instant now = Instant.now();
        for (int i = 0; i < 100; i++) {
            writer.write(commit(new StepKey(Uuids.v7(), 0), "orders", now.minusSeconds(1)));
        }
        JdbcDeliveryQueue queue = new JdbcDeliveryQueue(database);

        List<CompletableFuture<Set<UUID>>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String workerId = "worker-" + w;
            workers.add(CompletableFuture.supplyAsync(() -> {
                Set<UUID> mine = new HashSet<>();
                List<DeliveryQueue.DueDelivery> batch;
                do {
                    batch = queue.claimDue("orders", 7, Instant.now(), Instant.now().plusSeconds(60), workerId);
                    batch.forEach(d -> mine.add(d.deliveryId()));
                } while (!batch.isEmpty());
                return mine;
            }));
        }
        Set<UUID> all = new HashSet<>();
        int total = 0;
        for (CompletableFuture<Set<UUID>> worker : workers) {
            Set<UUID> claimed = worker.get();
            total += claimed.size();
            all.addAll(claimed);
        }

        assertThat(total).isEqualTo(100);
        assertThat(all).hasSize(100);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aClaimWhoseLeaseEndedCanBeTakenByAnotherWorkerAndTheFirstCannotComplete(Dialect dialect) throws Exception {
        Instant now = Instant.now();
        Outbox outbox = outboxWithOneDelivery(dialect, now);
        JdbcDeliveryQueue queue = outbox.queue();
        JdbcDeliveryLog log = outbox.log();

        DeliveryQueue.DueDelivery first = queue.claimDue("orders", 10, now, now.plusSeconds(30), "a").get(0);
        assertThat(queue.claimDue("orders", 10, now.plusSeconds(10), now.plusSeconds(60), "b")).isEmpty();
        DeliveryQueue.DueDelivery taken = queue.claimDue("orders", 10, now.plusSeconds(31), now.plusSeconds(90), "b").get(0);
        assertThat(taken.deliveryId()).isEqualTo(first.deliveryId());

        DeliveryQueue.Attempt attempt = new DeliveryQueue.Attempt(now, 200, null, 5);
        queue.complete(first, "a", new DeliveryQueue.Completion(attempt, DeliveryState.DELIVERED, now, true));
        assertThat(log.delivery(first.deliveryId()).orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
        queue.complete(taken, "b", new DeliveryQueue.Completion(attempt, DeliveryState.DELIVERED, now, true));
        DeliveryLog.DeliveryView view = log.delivery(first.deliveryId()).orElseThrow();
        assertThat(view.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(view.attemptLog()).hasSize(1);
        assertThat(log.counts()).isEqualTo(Map.of("orders", Map.of(DeliveryState.DELIVERED, 1L)));
        assertThat(log.deliveries(Optional.of(DeliveryState.DELIVERED), Optional.of("orders"), 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anOperatorRetryOfADeliveryBeingSentLeavesItsClaimSoNoOtherWorkerSendsItAtOnce(Dialect dialect)
            throws Exception {
        Instant now = Instant.now();
        Outbox outbox = outboxWithOneDelivery(dialect, now);
        JdbcDeliveryQueue queue = outbox.queue();
        JdbcDeliveryLog log = outbox.log();
        DeliveryQueue.DueDelivery sending = queue.claimDue("orders", 10, now, now.plusSeconds(30), "a").get(0);

        assertThat(log.retry(sending.deliveryId(), now.plusSeconds(1))).isTrue();

        assertThat(queue.claimDue("orders", 10, now.plusSeconds(2), now.plusSeconds(60), "b"))
                .as("the attempt in flight still holds the delivery").isEmpty();
        DeliveryQueue.Attempt attempt = new DeliveryQueue.Attempt(now.plusSeconds(3), 200, null, 5);
        queue.complete(sending, "a", new DeliveryQueue.Completion(attempt, DeliveryState.DELIVERED, now, true));
        DeliveryLog.DeliveryView view = log.delivery(sending.deliveryId()).orElseThrow();
        assertThat(view.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(view.attemptLog()).as("the attempt in flight is recorded").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anOperatorRetryDuringALaterAttemptOutlivesThatAttemptsOutcome(Dialect dialect) throws Exception {
        Instant now = Instant.now();
        Outbox outbox = outboxWithOneDelivery(dialect, now);
        JdbcDeliveryQueue queue = outbox.queue();
        JdbcDeliveryLog log = outbox.log();
        DeliveryQueue.DueDelivery first = queue.claimDue("orders", 10, now, now.plusSeconds(30), "a").get(0);
        queue.complete(first, "a", new DeliveryQueue.Completion(new DeliveryQueue.Attempt(now, 500, null, 5),
                DeliveryState.FAILED, now.plusSeconds(1), false));
        DeliveryQueue.DueDelivery last = queue.claimDue("orders", 10, now.plusSeconds(2), now.plusSeconds(60), "a")
                .get(0);
        assertThat(last.attempts()).isEqualTo(1);

        assertThat(log.retry(last.deliveryId(), now.plusSeconds(3))).isTrue();
        // the attempt in flight was the schedule's last and failed: without the retry it would be dead
        queue.complete(last, "a", new DeliveryQueue.Completion(new DeliveryQueue.Attempt(now.plusSeconds(4), 500,
                null, 5), DeliveryState.DEAD, now.plusSeconds(4), false));

        DeliveryLog.DeliveryView view = log.delivery(last.deliveryId()).orElseThrow();
        assertThat(view.state()).as("the operator's retry stands").isEqualTo(DeliveryState.PENDING);
        assertThat(view.attemptLog()).as("both attempts are logged").hasSize(2);
        assertThat(queue.claimDue("orders", 10, now.plusSeconds(5), now.plusSeconds(60), "b"))
                .as("due again at once, on a fresh schedule").singleElement()
                .satisfies(due -> assertThat(due.attempts()).isZero());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anOperatorRetryOfADeadDeliveryMakesItDueAtOnce(Dialect dialect) throws Exception {
        Instant now = Instant.now();
        Outbox outbox = outboxWithOneDelivery(dialect, now);
        JdbcDeliveryQueue queue = outbox.queue();
        JdbcDeliveryLog log = outbox.log();
        DeliveryQueue.DueDelivery dead = queue.claimDue("orders", 10, now, now.plusSeconds(30), "a").get(0);
        DeliveryQueue.Attempt attempt = new DeliveryQueue.Attempt(now, 500, null, 5);
        queue.complete(dead, "a", new DeliveryQueue.Completion(attempt, DeliveryState.DEAD, now, false));

        assertThat(log.retry(dead.deliveryId(), now.plusSeconds(1))).isTrue();

        assertThat(queue.claimDue("orders", 10, now.plusSeconds(2), now.plusSeconds(60), "b"))
                .extracting(DeliveryQueue.DueDelivery::deliveryId).containsExactly(dead.deliveryId());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void purgeRemovesSettledOldEventsAndExpiredResultsButKeepsWhatIsStillDue(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        JdbcDeliveryQueue queue = new JdbcDeliveryQueue(database);
        JdbcDeliveryLog log = new JdbcDeliveryLog(database);
        Instant old = Instant.now().minus(Duration.ofDays(10));
        StepKey settledKey = new StepKey(Uuids.v7(), 0);
        writer.write(commit(settledKey, "orders", old));
        writer.write(commit(new StepKey(Uuids.v7(), 0), "orders", old.plusSeconds(1)));
        writer.write(commit(new StepKey(Uuids.v7(), 0), null, old));
        writer.write(commit(new StepKey(Uuids.v7(), 0), "orders", Instant.now()));
        DeliveryQueue.DueDelivery first = queue.claimDue("orders", 1, Instant.now(), Instant.now().plusSeconds(60), "w").get(0);
        queue.complete(first, "w", new DeliveryQueue.Completion(new DeliveryQueue.Attempt(old, 200, null, 1),
                DeliveryState.DELIVERED, old, true));

        int purged = log.purgeSettled(Instant.now().minus(Duration.ofDays(7)));

        assertThat(purged).isEqualTo(2); // the delivered one and the one without deliveries
        assertThat(log.storedEvents()).isEqualTo(2);
        assertThat(log.delivery(first.deliveryId())).isEmpty();
        JdbcStepResultStore results = new JdbcStepResultStore(database, WireJson.newObjectMapper(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(20)));
        assertThat(results.find(settledKey)).isEmpty();
        assertThat(results.purgeExpired()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void eventNamesNamespacesAndWorkerIdsOfAnyLengthAreStored(Dialect dialect) throws Exception {
        Database database = open(url(dialect));
        GroupCommitWriter writer = writer(database);
        JdbcDeliveryQueue queue = new JdbcDeliveryQueue(database);
        StepKey key = new StepKey(Uuids.v7(), 0);
        UUID eventId = Uuids.v7();
        String eventName = "order." + "e".repeat(300);
        String namespace = "n".repeat(300);
        String workerId = "worker_" + "w".repeat(300);
        Instant now = Instant.now();
        OutboxEvent event = new OutboxEvent(eventId, eventName, namespace, key.stepUuid(), "{}", null,
                List.of(new OutboxEvent.NewDelivery("orders", now)));
        StepCommit longNames = commit(key, null, now);

        writer.write(new StepCommit(key, longNames.resultJson(), now, longNames.expiresAt(), List.of(event)));
        List<DeliveryQueue.DueDelivery> claimed = queue.claimDue("orders", 1, now, now.plusSeconds(60), workerId);
        queue.complete(claimed.get(0), workerId, new DeliveryQueue.Completion(
                new DeliveryQueue.Attempt(now, 200, null, 1), DeliveryState.DELIVERED, now, true));

        assertThat(claimed.get(0).eventName()).isEqualTo(eventName);
        assertThat(new JdbcDeliveryLog(database).delivery(claimed.get(0).deliveryId()))
                .hasValueSatisfying(view -> assertThat(view.state()).isEqualTo(DeliveryState.DELIVERED));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
