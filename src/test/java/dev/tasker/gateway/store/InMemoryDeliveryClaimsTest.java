package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.Closer;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery claims held in memory, on an embedded H2 store this process owns: a claim writes nothing, a
 * delivery claimed is not claimed again until its attempt is recorded, released or its lease ends, and the
 * rules an operator's retry relies on are the store claims' rules.
 */
class InMemoryDeliveryClaimsTest {

    private static final String WORKER = "memory-claims-test";
    private static final String ENDPOINT = "orders";

    @RegisterExtension
    final Closer closing = new Closer();

    private <T extends AutoCloseable> T closed(T resource) {
        return closing.add(resource);
    }

    /** An embedded store with {@code deliveries} due to {@link #ENDPOINT}. */
    private Database store(int deliveries) throws Exception {
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("memory-claims")), 4));
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { }));
        DueDeliveries.store(writer, ENDPOINT, deliveries, Instant.now().minusSeconds(10));
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

    private static List<DueDelivery> claim(InMemoryDeliveryClaims claims, String endpoint, int limit, long now,
                                           long leaseUntil, String worker, IntFunction<List<DueDelivery>> due) {
        return claims.claim(endpoint, limit, now, leaseUntil, worker, due, DueDelivery::deliveryId);
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

    @Test
    void aClaimEndedWhileAnotherClaimReadsStillCountsForThatClaim() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        DueDelivery delivery = new DueDelivery(Uuids.v7(), Uuids.v7(), ENDPOINT, "order.confirmed", 0, "{}", null);
        long now = System.currentTimeMillis();
        assertThat(claim(claims, ENDPOINT, 1, now, now + 60_000, WORKER, rows -> List.of(delivery))).hasSize(1);

        // the record commits and ends the claim while the next claim reads: its read may predate that commit
        List<DueDelivery> duringRead = claim(claims, ENDPOINT, 1, now, now + 60_000, WORKER, rows -> {
            claims.ended(List.of(delivery.deliveryId()));
            return List.of(delivery);
        });
        assertThat(duringRead).isEmpty();

        // a claim that starts after the end reads after the commit: had the delivery been due again, it is free
        assertThat(claim(claims, ENDPOINT, 1, now, now + 60_000, WORKER, rows -> List.of(delivery))).hasSize(1);
    }

    @Test
    void readsAsManyMoreRowsAsTheEndpointHoldsClaims() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        List<DueDelivery> due = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            due.add(new DueDelivery(Uuids.v7(), Uuids.v7(), ENDPOINT, "order.confirmed", 0, "{}", null));
        }
        long now = System.currentTimeMillis();
        AtomicInteger asked = new AtomicInteger();
        claim(claims, ENDPOINT, 4, now, now + 60_000, WORKER, rows -> due.subList(0, rows));
        claim(claims, "other", 3, now, now + 60_000, WORKER, rows -> List.of());

        List<DueDelivery> next = claim(claims, ENDPOINT, 4, now, now + 60_000, WORKER, rows -> {
            asked.set(rows);
            return due.subList(0, Math.min(rows, due.size()));
        });

        assertThat(asked).hasValue(8); // 4 wanted, 4 held by this endpoint (the other endpoint's do not count)
        assertThat(next).containsExactlyElementsOf(due.subList(4, 8));
    }

    @Test
    void aClaimWhoseLeaseEndedIsFreeAgain() {
        InMemoryDeliveryClaims claims = new InMemoryDeliveryClaims();
        DueDelivery delivery = new DueDelivery(Uuids.v7(), Uuids.v7(), ENDPOINT, "order.confirmed", 0, "{}", null);
        long now = System.currentTimeMillis();
        claim(claims, ENDPOINT, 1, now, now + 1_000, WORKER, rows -> List.of(delivery));

        assertThat(claim(claims, ENDPOINT, 1, now + 1_000, now + 2_000, WORKER, rows -> List.of(delivery))).isEmpty();
        assertThat(claim(claims, ENDPOINT, 1, now + 1_001, now + 60_000, "another", rows -> List.of(delivery)))
                .containsExactly(delivery);
    }

    /**
     * A record that cannot be stored leaves the delivery as it was, due, and its claim held: not claimed again
     * (not sent twice at once) until the lease ends, and then claimed again, so the attempt is not lost either.
     */
    @Test
    void aRecordThatFailsKeepsItsClaimUntilTheLeaseEndsThenTheDeliveryIsClaimedAgain() throws Exception {
        Database database = store(1);
        Queue queue = memoryQueue(database);
        Instant now = Instant.now();
        Instant leaseUntil = now.plusSeconds(60);
        DueDelivery claimed = queue.queue().claimDue(ENDPOINT, 1, now, leaseUntil, WORKER).get(0);
        try (var connection = database.connection(); var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE delivery_attempts RENAME TO delivery_attempts_away");
        }

        var recorded = queue.queue().completeLater(claimed, WORKER, outcome(DeliveryState.DELIVERED, now));

        assertThatThrownBy(recorded::join).hasCauseInstanceOf(StoreException.class);
        assertThat(StoreRows.count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'PENDING' "
                + "AND attempts = 0")).as("the failed record changed nothing").isEqualTo(1);
        assertThat(queue.queue().claimDue(ENDPOINT, 1, leaseUntil, leaseUntil.plusSeconds(60), WORKER))
                .as("held until the lease ends").isEmpty();
        assertThat(queue.queue().claimDue(ENDPOINT, 1, leaseUntil.plusMillis(1), leaseUntil.plusSeconds(60), WORKER))
                .extracting(DueDelivery::deliveryId).as("claimed again once it ended")
                .containsExactly(claimed.deliveryId());
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
    void aNewRunClaimsWhatADeadRunHeldOnceItsStartReleasesTheStoredClaims() throws Exception {
        Database database = store(3);
        assertThat(claim(memoryQueue(database), 2)).hasSize(2); // that run dies: nothing of these claims is stored
        // and the deliveries its step commit had handed over are stored claimed by it, their leases still running
        database.update("UPDATE webhook_deliveries SET claimed_by = 'dead-run', claimed_until = ? "
                + "WHERE claimed_by IS NULL", Instant.now().plusSeconds(600).toEpochMilli());
        Queue restarted = memoryQueue(database);
        assertThat(claim(restarted, 3)).isEmpty(); // the stored lease holds until the start releases it

        restarted.queue().releaseAllClaims(); // what the gateway's start does on an embedded store

        assertThat(claim(restarted, 3)).hasSize(3);
    }
}
