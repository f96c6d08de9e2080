package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.StoreRows;
import dev.tasker.gateway.webhook.DeliveryQueue.Attempt;
import dev.tasker.gateway.webhook.DeliveryQueue.Completion;
import dev.tasker.gateway.webhook.DeliveryQueue.DueDelivery;
import dev.tasker.gateway.webhook.DeliveryState;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery claims held in memory, on an embedded H2 store this process owns: a claim writes nothing, a
 * delivery claimed is not claimed again until its attempt is recorded, released or its lease ends, and the
 * rules an operator's retry relies on are the store claims' rules.
 */
class InMemoryDeliveryClaimsTest {

    private static final String WORKER = "memory-claims-test";
    private static final String ENDPOINT = "orders";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closed(T resource) {
        closing.add(resource);
        return resource;
    }

    /** An embedded store with {@code deliveries} due to {@link #ENDPOINT}. */
    private Database store(int deliveries) throws Exception {
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("memory-claims")), 4));
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { }));
        Instant due = Instant.now().minusSeconds(10);
        for (int i = 0; i < deliveries; i++) {
            StepKey key = new StepKey(Uuids.v7(), 0);
            UUID eventId = Uuids.v7();
            OutboxEvent event = new OutboxEvent(eventId, "order.confirmed", "ecommerce", key.stepUuid(),
                    "{\"event_id\":\"" + eventId + "\"}", null, List.of(new OutboxEvent.NewDelivery(ENDPOINT, due)));
            writer.write(new StepCommit(key, "{\"step_uuid\":\"" + key.stepUuid() + "\"}", due,
                    due.plus(Duration.ofHours(1)), List.of(event)));
        }
        return database;
    }

    private record Queue(JdbcDeliveryQueue queue, InMemoryDeliveryClaims claims) {
    }

    private Queue memoryQueue(Database database) {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        AttemptWriter attempts = closed(new AttemptWriter(database, Duration.ofSeconds(30), claims));
        return new Queue(new JdbcDeliveryQueue(database, attempts), claims);
    }

    private static List<DueDelivery> claim(Queue queue, int limit) {
        Instant now = Instant.now();
        return queue.queue().claimDue(ENDPOINT, limit, now, now.plusSeconds(60), WORKER);
    }

    private static Completion outcome(DeliveryState state, Instant next) {
        Instant now = Instant.now();
        return new Completion(new Attempt(now, state == DeliveryState.DELIVERED ? 200 : 500, null, 3), state, next,
                state == DeliveryState.DELIVERED);
    }

    private static Set<UUID> ids(List<DueDelivery> deliveries) {
        Set<UUID> ids = new HashSet<>();
        deliveries.forEach(d -> ids.add(d.deliveryId()));
        return ids;
    }

    @Test
    void aClaimWritesNothingAndWhatIsClaimedIsNotClaimedAgain() throws Exception {
        Database database = store(12);
        Queue queue = memoryQueue(database);

        List<DueDelivery> first = claim(queue, 5);
        List<DueDelivery> rest = claim(queue, 100);

        assertThat(first).hasSize(5);
        assertThat(rest).hasSize(7);
        assertThat(ids(first)).doesNotContainAnyElementsOf(ids(rest));
        assertThat(claim(queue, 100)).isEmpty();
        assertThat(queue.claims().holding()).isEqualTo(12);
        assertThat(StoreRows.count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE claimed_by IS NOT NULL "
                + "OR claimed_until IS NOT NULL")).isZero();
    }

    @Test
    void aRecordedAttemptEndsItsClaim() throws Exception {
        Database database = store(2);
        Queue queue = memoryQueue(database);
        List<DueDelivery> claimed = claim(queue, 2);
        DueDelivery failed = claimed.get(0);
        DueDelivery delivered = claimed.get(1);

        queue.queue().complete(failed, WORKER, outcome(DeliveryState.FAILED, Instant.now().minusSeconds(1)));
        queue.queue().complete(delivered, WORKER, outcome(DeliveryState.DELIVERED, Instant.now()));

        List<DueDelivery> again = claim(queue, 10);
        assertThat(again).extracting(DueDelivery::deliveryId).containsExactly(failed.deliveryId());
        assertThat(again.get(0).attempts()).isEqualTo(1);
        assertThat(StoreRows.count(database, "SELECT COUNT(*) FROM delivery_attempts")).isEqualTo(2);
        assertThat(StoreRows.count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'DELIVERED' "
                + "AND attempts = 1")).isEqualTo(1);
    }

    /** A due row for the claims alone: its delivery and when it is due. */
    private record Row(UUID id, long at) {
    }

    /** Due rows in memory, as the store reads them; remembers what each read asked for. */
    private static final class Rows implements InMemoryDeliveryClaims.DueRows<Row> {
        final List<Row> due = new ArrayList<>();
        final List<long[]> reads = new ArrayList<>();
        Runnable duringRead = () -> { };

        Rows(int count, long firstAt) {
            for (int i = 0; i < count; i++) {
                due.add(new Row(Uuids.v7(), firstAt + i / 2)); // two rows a millisecond: the cursor meets ties
            }
        }

        @Override
        public List<Row> read(long fromAt, int rows) {
            reads.add(new long[] {fromAt, rows});
            duringRead.run();
            return due.stream().filter(r -> r.at() >= fromAt).sorted(java.util.Comparator.comparingLong(Row::at))
                    .limit(rows).toList();
        }
    }

    private static List<Row> claim(InMemoryDeliveryClaims claims, Rows rows, int limit, long now, String worker) {
        return claims.claim(ENDPOINT, limit, now, now + 60_000, worker, rows, Row::id, Row::at);
    }

    @Test
    void aClaimEndedWhileAnotherClaimReadsStillCountsForThatClaim() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        Rows rows = new Rows(1, 1_000);
        long now = 5_000;
        assertThat(claim(claims, rows, 1, now, WORKER)).hasSize(1);
        claims.release(List.of(), WORKER); // no cursor: every claim below reads all due rows

        // the record commits and ends the claim while the next claim reads: its read may predate that commit
        rows.duringRead = () -> claims.ended(List.of(rows.due.get(0).id()));
        assertThat(claim(claims, rows, 1, now, WORKER)).isEmpty();

        // a claim that starts after the end reads after the commit: had the delivery been due again, it is free
        rows.duringRead = () -> { };
        assertThat(claim(claims, rows, 1, now, WORKER)).hasSize(1);
    }

    @Test
    void readsFromTheCursorAndAsManyMoreRowsAsAreHeldFromIt() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        Rows rows = new Rows(20, 1_000); // due at 1000, 1000, 1001, 1001, ...
        long now = 5_000;
        InMemoryDeliveryClaims.DueRows<Row> none = (fromAt, count) -> List.of();
        claims.claim("other", 3, now, now + 60_000, WORKER, none, Row::id, Row::at);

        assertThat(claim(claims, rows, 5, now, WORKER)).containsExactlyElementsOf(rows.due.subList(0, 5));
        assertThat(rows.reads.get(0)).containsExactly(Long.MIN_VALUE, 5); // the first claim reads all due rows
        List<Row> next = claim(claims, rows, 5, now + 10, WORKER);

        // from the newest row taken (1002, the fifth) on, with the one row held there: not the five held before it
        assertThat(rows.reads.get(1)).containsExactly(1_002, 6);
        assertThat(next).containsExactlyElementsOf(rows.due.subList(5, 10));
    }

    @Test
    void aRowThatFellDueBehindTheCursorIsTakenByAFullReadWithinTheBound() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        Rows rows = new Rows(10, 1_000);
        long now = 5_000;
        claim(claims, rows, 4, now, WORKER);
        Row late = new Row(Uuids.v7(), 999); // e.g. a failed delivery whose retry came due, older than the cursor
        rows.due.add(late);

        assertThat(claim(claims, rows, 2, now + 10, WORKER)).doesNotContain(late);
        assertThat(claim(claims, rows, 2, now + InMemoryDeliveryClaims.FULL_READ_EVERY_MS, WORKER)).contains(late);
    }

    @Test
    void aCursorReadThatComesUpShortReadsAllDueRowsInTheSameClaim() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        Rows rows = new Rows(4, 1_000);
        long now = 5_000;
        claim(claims, rows, 4, now, WORKER);
        Row late = new Row(Uuids.v7(), 999);
        rows.due.add(late);

        assertThat(claim(claims, rows, 2, now + 10, WORKER)).containsExactly(late);
        assertThat(rows.reads.get(2)[0]).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aReleaseMakesTheNextClaimReadAllDueRows() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        Rows rows = new Rows(10, 1_000);
        long now = 5_000;
        List<Row> first = claim(claims, rows, 4, now, WORKER);

        claims.release(List.of(first.get(0).id()), WORKER);

        assertThat(claim(claims, rows, 1, now + 10, WORKER)).containsExactly(first.get(0));
    }

    @Test
    void aClaimWhoseLeaseEndedIsFreeAgain() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        Rows rows = new Rows(1, 1_000);
        long now = 5_000;
        claims.claim(ENDPOINT, 1, now, now + 1_000, WORKER, rows, Row::id, Row::at);

        assertThat(claims.claim(ENDPOINT, 1, now + 1_000, now + 2_000, WORKER, rows, Row::id, Row::at)).isEmpty();
        assertThat(claims.claim(ENDPOINT, 1, now + 1_001, now + 60_000, "another", rows, Row::id, Row::at))
                .containsExactly(rows.due.get(0));
    }

    @Test
    void releasedClaimsAreDueAgainAtOnceAndOnlyTheWorkersOwn() throws Exception {
        Database database = store(6);
        Queue queue = memoryQueue(database);
        List<DueDelivery> claimed = claim(queue, 4);
        Instant now = Instant.now();
        List<DueDelivery> others = queue.queue().claimDue(ENDPOINT, 2, now, now.plusSeconds(60), "other-worker");
        assertThat(others).hasSize(2);

        queue.queue().release(List.of(claimed.get(0)), WORKER);
        queue.queue().release(List.of(others.get(0)), WORKER); // not this worker's claim: left
        assertThat(ids(claim(queue, 10))).containsExactly(claimed.get(0).deliveryId());

        queue.queue().releaseClaims("other-worker");
        assertThat(ids(claim(queue, 10))).isEqualTo(ids(others));

        queue.queue().releaseAllClaims();
        assertThat(claim(queue, 10)).hasSize(6);
    }

    @Test
    void anOperatorRetryWhileAnAttemptIsInFlightStandsAndTheDeliveryIsSentAgain() throws Exception {
        Database database = store(1);
        Queue queue = memoryQueue(database);
        DueDelivery first = claim(queue, 1).get(0);
        queue.queue().complete(first, WORKER, outcome(DeliveryState.FAILED, Instant.now().minusSeconds(1)));
        DueDelivery second = claim(queue, 1).get(0);
        assertThat(second.attempts()).isEqualTo(1);

        assertThat(new JdbcDeliveryLog(database).retry(second.deliveryId(), Instant.now())).isTrue();
        assertThat(claim(queue, 1)).isEmpty(); // the attempt in flight keeps its claim: not sent twice at once
        queue.queue().complete(second, WORKER, outcome(DeliveryState.FAILED, Instant.now().plusSeconds(3600)));

        // the retry's reset stands (due now, no attempts counted) and the attempt is logged all the same
        List<DueDelivery> third = claim(queue, 1);
        assertThat(third).extracting(DueDelivery::attempts).containsExactly(0);
        assertThat(StoreRows.count(database, "SELECT COUNT(*) FROM delivery_attempts")).isEqualTo(2);
    }

    @Test
    void aNewRunClaimsWhatADeadRunHeldAtOnce() throws Exception {
        Database database = store(3);
        assertThat(claim(memoryQueue(database), 3)).hasSize(3); // that run dies: nothing of its claims is stored

        assertThat(claim(memoryQueue(database), 3)).hasSize(3);
    }
}
