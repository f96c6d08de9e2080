package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.StoreRows;
import dev.tasker.gateway.webhook.DeliveryHandoff;
import dev.tasker.gateway.webhook.DeliveryQueue;
import dev.tasker.gateway.webhook.DeliveryState;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attempt records ride in the step group commit: while steps are being committed, the attempts waiting are
 * written in the steps' transaction (a delivery's state and its attempt still together), and when that
 * transaction fails they are recorded on their own all the same. The writer thread is kept out of the way
 * here (a ride window of an hour), so each attempt below can only have been recorded by a step commit. Both with
 * claims in the store and held in memory (there a claim ends only once its record committed).
 */
class AttemptRidersTest {

    private Database database;
    private AttemptWriter attempts;
    private GroupCommitWriter steps;
    private JdbcDeliveryQueue queue;
    /** The claims held in memory, or null: in the store. */
    private InMemoryDeliveryClaims held;

    private void open(boolean inMemory) throws Exception {
        database = Database.open(Database.embeddedUrl(Files.createTempDirectory("riders")), 4);
        held = inMemory ? new InMemoryDeliveryClaims() : null;
        attempts = new AttemptWriter(database, Duration.ofSeconds(30), Duration.ofHours(1), held);
        steps = new GroupCommitWriter(database, Duration.ofSeconds(30), DeliveryHandoff.NONE, attempts, () -> { });
        queue = new JdbcDeliveryQueue(database, attempts);
    }

    @AfterEach
    void close() {
        if (steps == null) {
            return;
        }
        steps.close();
        attempts.close();
        database.close();
    }

    private static StepCommit step(UUID eventId) {
        StepKey key = new StepKey(Uuids.v7(), 0);
        Instant now = Instant.now();
        List<OutboxEvent> events = eventId == null ? List.of() : List.of(new OutboxEvent(eventId, "order.confirmed",
                "ecommerce", key.stepUuid(), "{\"event_id\":\"" + eventId + "\"}", null,
                List.of(new OutboxEvent.NewDelivery("orders", now.minusSeconds(1)))));
        return new StepCommit(key, "{}", now, now.plus(Duration.ofHours(1)), events);
    }

    private CompletableFuture<Void> attemptDelivered() {
        Instant now = Instant.now();
        List<DeliveryQueue.DueDelivery> claimed = queue.claimDue("orders", 1, now, now.plusSeconds(60), "w");
        assertThat(claimed).hasSize(1);
        return queue.completeLater(claimed.get(0), "w", new DeliveryQueue.Completion(
                new DeliveryQueue.Attempt(now, 200, null, 3), DeliveryState.DELIVERED, now, true));
    }

    @ParameterizedTest(name = "claims in memory: {0}")
    @ValueSource(booleans = {false, true})
    void anAttemptWaitingIsRecordedByTheNextStepCommit(boolean inMemory) throws Exception {
        open(inMemory);
        steps.write(step(Uuids.v7()));
        CompletableFuture<Void> recorded = attemptDelivered();
        Thread.sleep(100);
        assertThat(recorded).as("left to the step commits").isNotDone();
        assertThat(count("SELECT COUNT(*) FROM delivery_attempts")).isZero();
        Instant now = Instant.now();
        assertThat(queue.claimDue("orders", 1, now, now.plusSeconds(60), "w")).as("still claimed").isEmpty();

        steps.write(step(null));

        recorded.get(10, TimeUnit.SECONDS);
        assertThat(count("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'DELIVERED' AND claimed_by IS NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM delivery_attempts WHERE status_code = 200")).isEqualTo(1);
        assertThat(attempts.attempts()).isEqualTo(1);
        assertThat(attempts.batches()).isEqualTo(1);
        assertClaimEnded();
    }

    private void assertClaimEnded() {
        if (held != null) {
            assertThat(held.holding()).isZero();
        }
    }

    @ParameterizedTest(name = "claims in memory: {0}")
    @ValueSource(booleans = {false, true})
    void anAttemptRidingInAStepCommitThatFailsIsRecordedOnItsOwn(boolean inMemory) throws Exception {
        open(inMemory);
        UUID eventId = Uuids.v7();
        steps.write(step(eventId));
        CompletableFuture<Void> recorded = attemptDelivered();

        assertThatThrownBy(() -> steps.write(step(eventId))).isInstanceOf(StoreException.class); // event id taken

        recorded.get(10, TimeUnit.SECONDS);
        assertThat(count("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'DELIVERED'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM delivery_attempts")).isEqualTo(1);
        assertThat(attempts.attempts()).isEqualTo(1);
        assertClaimEnded();
    }

    private int count(String sql) {
        return StoreRows.count(database, sql);
    }
}
