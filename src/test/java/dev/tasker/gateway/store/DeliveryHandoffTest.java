package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.Closer;
import dev.tasker.gateway.testing.StoreRows;
import dev.tasker.gateway.testing.WebhookReceiver;
import dev.tasker.gateway.webhook.DeliveryHandoff;
import dev.tasker.gateway.webhook.DeliveryQueue;
import dev.tasker.gateway.webhook.PrivateNetworkTargetGuard;
import dev.tasker.gateway.webhook.RetrySchedule;
import dev.tasker.gateway.webhook.WebhookConfig;
import dev.tasker.gateway.webhook.WebhookDispatcher;
import dev.tasker.gateway.webhook.WebhookEndpoint;
import dev.tasker.gateway.webhook.WebhookSecret;
import dev.tasker.gateway.webhook.WebhookSender;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * New deliveries handed from their commit to the dispatcher ({@link DeliveryHandoff}): stored claimed by this
 * instance as far as the lane has room, handed over only once committed, cancelled when the commit fails; the
 * rest stored unclaimed and claimed as before. End to end, every event arrives once, and the dispatcher claims
 * from the store only the deliveries that found no room.
 */
class DeliveryHandoffTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final Instant LEASE = Instant.parse("2030-01-01T00:00:00Z");

    @RegisterExtension
    final Closer closing = new Closer();

    private <T extends AutoCloseable> T closed(T resource) {
        return closing.add(resource);
    }

    /** A hand-off with room for {@code room} deliveries of "orders", recording what it was told. */
    private static final class RecordingHandoff implements DeliveryHandoff {
        final AtomicInteger room;
        final List<DeliveryQueue.DueDelivery> handedOver = new CopyOnWriteArrayList<>();
        final AtomicInteger cancelled = new AtomicInteger();

        RecordingHandoff(int room) {
            this.room = new AtomicInteger(room);
        }

        @Override
        public Reservation reserve(String endpoint, Instant dueAt) {
            if (!endpoint.equals("orders") || room.getAndUpdate(r -> Math.max(0, r - 1)) == 0) {
                return null;
            }
            return new Reservation() {
                @Override
                public String workerId() {
                    return "handoff-test";
                }

                @Override
                public Instant leaseUntil() {
                    return LEASE;
                }

                @Override
                public void handOver(DeliveryQueue.DueDelivery delivery) {
                    handedOver.add(delivery);
                }

                @Override
                public void cancel() {
                    cancelled.incrementAndGet();
                    room.incrementAndGet();
                }
            };
        }
    }

    private static OutboxEvent event(UUID eventId, StepKey key, String... endpoints) {
        Instant due = Instant.now().minusSeconds(1);
        return new OutboxEvent(eventId, "order.confirmed", "ecommerce", key.stepUuid(),
                "{\"event_id\":\"" + eventId + "\"}", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                java.util.Arrays.stream(endpoints).map(e -> new OutboxEvent.NewDelivery(e, due)).toList());
    }

    private static StepCommit commit(StepKey key, List<OutboxEvent> events) {
        Instant now = Instant.now();
        return new StepCommit(key, "{\"step_uuid\":\"" + key.stepUuid() + "\"}", now, now.plus(Duration.ofHours(1)),
                events);
    }

    @Test
    void storesDeliveriesClaimedAsFarAsThereIsRoomAndHandsThemOverAfterTheCommit() throws Exception {
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("handoff")), 4));
        RecordingHandoff handoff = new RecordingHandoff(2);
        // each wake records the deliveries stored by then: the writer thread wakes after its commits, in order
        List<Integer> wakes = new CopyOnWriteArrayList<>();
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), handoff,
                () -> wakes.add(count(database, "SELECT COUNT(*) FROM webhook_deliveries"))));
        StepKey key = new StepKey(Uuids.v7(), 0);
        List<UUID> events = List.of(Uuids.v7(), Uuids.v7(), Uuids.v7());

        writer.write(commit(key, events.stream().map(id -> event(id, key, "orders", "audit")).toList()));

        Map<UUID, String> claimedBy = new java.util.HashMap<>();
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT delivery_id, endpoint, claimed_by, claimed_until FROM webhook_deliveries");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                UUID id = rows.getObject(1, UUID.class);
                claimedBy.put(id, rows.getString(3));
                if (rows.getString(3) != null) {
                    assertThat(rows.getString(2)).isEqualTo("orders");
                    assertThat(rows.getLong(4)).isEqualTo(LEASE.toEpochMilli());
                }
            }
        }
        assertThat(claimedBy).hasSize(6);
        assertThat(handoff.handedOver).hasSize(2);
        for (DeliveryQueue.DueDelivery handed : handoff.handedOver) {
            assertThat(claimedBy.get(handed.deliveryId())).isEqualTo("handoff-test");
            assertThat(handed.endpoint()).isEqualTo("orders");
            assertThat(handed.attempts()).isZero();
            assertThat(handed.eventName()).isEqualTo("order.confirmed");
            assertThat(handed.body()).isEqualTo("{\"event_id\":\"" + handed.eventId() + "\"}");
            assertThat(handed.traceparent()).startsWith("00-0af7651916cd43dd");
            assertThat(events).contains(handed.eventId());
        }
        assertThat(claimedBy.values().stream().filter(java.util.Objects::isNull)).hasSize(4);
        assertThat(handoff.cancelled).hasValue(0);

        handoff.room.set(10);
        StepKey second = new StepKey(Uuids.v7(), 0);
        writer.write(commit(second, List.of(event(Uuids.v7(), second, "orders"))));
        assertThat(handoff.handedOver).hasSize(3);
        StepKey third = new StepKey(Uuids.v7(), 0);
        writer.write(commit(third, List.of(event(Uuids.v7(), third, "audit"))));
        await(() -> wakes.contains(8));
        assertThat(wakes).as("woken after the first commit (four stored unclaimed) and the third (one), not after "
                + "the second (all handed over)").containsExactly(6, 8);
    }

    @Test
    void aCommitThatFailsHandsNothingOverAndGivesTheRoomBack() throws Exception {
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("handoff")), 4));
        RecordingHandoff handoff = new RecordingHandoff(10);
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), handoff, () -> { }));
        UUID eventId = Uuids.v7();
        StepKey first = new StepKey(Uuids.v7(), 0);
        writer.write(commit(first, List.of(event(eventId, first, "orders"))));
        assertThat(handoff.handedOver).hasSize(1);

        StepKey second = new StepKey(Uuids.v7(), 0); // the same event id again: the insert fails
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                writer.write(commit(second, List.of(event(eventId, second, "orders", "orders")))))
                .isInstanceOf(StoreException.class);

        assertThat(handoff.handedOver).hasSize(1);
        assertThat(handoff.cancelled.get()).isPositive();
        assertThat(handoff.room).as("every reservation of the failed commit given back").hasValue(9);
        assertThat(count(database, "SELECT COUNT(*) FROM webhook_deliveries")).isEqualTo(1);
    }

    /** Counts the deliveries the dispatcher got by claiming them from the store. */
    private static final class CountingQueue implements DeliveryQueue {
        final JdbcDeliveryQueue store;
        final AtomicInteger claimed = new AtomicInteger();

        CountingQueue(JdbcDeliveryQueue store) {
            this.store = store;
        }

        @Override
        public List<DueDelivery> claimDue(String endpoint, int limit, Instant now, Instant leaseUntil, String w) {
            List<DueDelivery> due = store.claimDue(endpoint, limit, now, leaseUntil, w);
            claimed.addAndGet(due.size());
            return due;
        }

        @Override
        public void complete(DueDelivery delivery, String workerId, Completion completion) {
            store.complete(delivery, workerId, completion);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> completeLater(DueDelivery delivery, String workerId,
                                                                          Completion completion) {
            return store.completeLater(delivery, workerId, completion);
        }

        @Override
        public void release(List<DueDelivery> deliveries, String workerId) {
            store.release(deliveries, workerId);
        }

        @Override
        public void releaseClaims(String workerId) {
            store.releaseClaims(workerId);
        }

        @Override
        public void releaseAllClaims() {
            store.releaseAllClaims();
        }

        @Override
        public void registerEndpoints(List<String> endpoints) {
            store.registerEndpoints(endpoints);
        }

        @Override
        public Map<String, EndpointStatus> endpointStatuses() {
            return store.endpointStatuses();
        }

        @Override
        public void setEndpointDisabled(String endpoint, String reason, Instant now) {
            store.setEndpointDisabled(endpoint, reason, now);
        }
    }

    @Test
    void theDispatcherSendsWhatWasHandedOverAndClaimsOnlyWhatFoundNoRoomEachOnce() throws Exception {
        int maxInFlight = 3;
        int deliveries = 10;
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("handoff")), 8));
        AttemptWriter attempts = closed(new AttemptWriter(database, Duration.ofSeconds(30)));
        CountingQueue queue = new CountingQueue(new JdbcDeliveryQueue(database, attempts));
        WebhookReceiver receiver = closed(WebhookReceiver.start());
        receiver.hold();
        WebhookEndpoint endpoint = new WebhookEndpoint("orders", receiver.url(),
                List.of(WebhookSecret.parse("whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=")),
                List.of("order.confirmed"), List.of(), Duration.ofSeconds(60), RetrySchedule.DEFAULT, true,
                maxInFlight);
        WebhookDispatcher dispatcher = closed(new WebhookDispatcher(new WebhookConfig(List.of(endpoint)), queue,
                new WebhookSender(new PrivateNetworkTargetGuard(), WireJson.newObjectMapper(), Clock.systemUTC()),
                Clock.systemUTC(), () -> 0.5, "handoff-worker", Duration.ofSeconds(5)));
        // A hand-over needs the endpoint states read within two polls and a second. A short poll made a loop
        // round that stalled past that window (a loaded CI machine) refuse the commit's reservations, and the
        // dispatcher then claimed what the commit could have handed over. The loop runs on each wake all the
        // same, so a long poll changes nothing else here; the refusals are counted to say so if it recurs.
        AtomicInteger refused = new AtomicInteger();
        DeliveryHandoff counting = (name, dueAt) -> {
            DeliveryHandoff.Reservation reservation = dispatcher.reserve(name, dueAt);
            if (reservation == null) {
                refused.incrementAndGet();
            }
            return reservation;
        };
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), counting,
                dispatcher::wake));
        dispatcher.start();
        await(() -> { // once the loop has read the endpoint's state, hand-overs are taken
            DeliveryHandoff.Reservation probe = dispatcher.reserve("orders", Instant.now());
            if (probe != null) {
                probe.cancel();
            }
            return probe != null;
        });

        StepKey key = new StepKey(Uuids.v7(), 0);
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            events.add(event(Uuids.v7(), key, "orders"));
        }
        writer.write(commit(key, events));
        assertThat(refused).as("the commit found room for three in the slots and three ahead, not for the rest")
                .hasValue(deliveries - 2 * maxInFlight);

        await(() -> receiver.received().size() == maxInFlight);
        assertThat(count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE claimed_by = 'handoff-worker'"))
                .as("three sent, three waiting ahead: all stored claimed by their commit, none claimed since")
                .isEqualTo(2 * maxInFlight);
        assertThat(queue.claimed).hasValue(0);

        receiver.release();
        await(() -> count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'DELIVERED'") == deliveries);
        assertThat(receiver.received()).hasSize(deliveries);
        assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(deliveries);
        assertThat(count(database, "SELECT COUNT(*) FROM delivery_attempts")).isEqualTo(deliveries);
        assertThat(queue.claimed).as("only those that found no room were claimed")
                .hasValue(deliveries - 2 * maxInFlight);
        await(() -> count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE claimed_by IS NOT NULL") == 0);
    }

    private static int count(Database database, String sql) {
        return StoreRows.count(database, sql);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        StoreRows.await(AWAIT, condition);
    }
}
