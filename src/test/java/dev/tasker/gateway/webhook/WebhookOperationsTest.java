package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.server.Values;
import dev.tasker.gateway.store.Database;
import dev.tasker.gateway.store.GroupCommitWriter;
import dev.tasker.gateway.store.JdbcDeliveryLog;
import dev.tasker.gateway.store.JdbcDeliveryQueue;
import dev.tasker.gateway.store.OutboxEvent;
import dev.tasker.gateway.store.StepCommit;
import dev.tasker.gateway.testing.GatewayYaml;
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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retry and replay on the real store (embedded H2). To a disabled endpoint they reset the deliveries first
 * and enable the endpoint after: enabled first, the dispatcher could send the old failed delivery in between
 * and the reset would make it due a second time.
 */
class WebhookOperationsTest {

    private Database database;
    private GroupCommitWriter writer;
    private JdbcDeliveryQueue queue;
    private final List<Boolean> disabledWhenReset = new ArrayList<>();
    private WebhookOperations operations;

    @BeforeEach
    void store() throws Exception {
        database = Database.open(Database.embeddedUrl(Files.createTempDirectory("operations-test")), 4);
        writer = new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { });
        queue = new JdbcDeliveryQueue(database);
        queue.registerEndpoints(List.of("orders"));
        WebhookConfig config = WebhookConfig.parse(new YAMLMapper().readTree(
                "webhooks:\n  endpoints:\n" + GatewayYaml.endpoint("orders", "http://127.0.0.1:9/hooks"))
                .path("webhooks"), Values::duration);
        operations = new WebhookOperations(config, queue, new ObservedLog(new JdbcDeliveryLog(database)), () -> { },
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        writer.close();
        database.close();
    }

    @Test
    void replayToADisabledEndpointResetsItsDeliveriesBeforeEnablingIt() {
        Instant since = Instant.now().minusSeconds(60);
        storeEventFor("orders");
        queue.disableAsGone("orders", Instant.now(), Instant.now());

        assertThat(operations.replay("orders", since)).isEqualTo(1);

        assertThat(disabledWhenReset).containsExactly(true);
        assertThat(queue.endpointStatuses().get("orders").disabled()).isFalse();
    }

    @Test
    void replayResetsAttemptedDeliveriesAndLeavesThoseAlreadyWaitingAsTheyAre() throws Exception {
        Instant since = Instant.now().minusSeconds(60);
        for (int i = 0; i < 3; i++) {
            storeEventFor("orders");
        }
        List<UUID> ids = operations.deliveries(Optional.empty(), Optional.of("orders"), 10).stream()
                .map(DeliveryLog.DeliveryView::deliveryId).sorted().toList();
        long later = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
        update("UPDATE webhook_deliveries SET state = 'DELIVERED', attempts = 1, updated_at = 1 WHERE delivery_id = ?",
                ids.get(0));
        update("UPDATE webhook_deliveries SET state = 'FAILED', attempts = 2, next_attempt_at = " + later
                + ", updated_at = 1 WHERE delivery_id = ?", ids.get(1));
        update("UPDATE webhook_deliveries SET updated_at = 1 WHERE delivery_id = ?", ids.get(2)); // waiting, unsent

        assertThat(operations.replay("orders", since)).isEqualTo(3);

        long now = Instant.now().toEpochMilli();
        for (UUID id : ids) {
            assertThat(row(id, "state")).isEqualTo("PENDING");
            assertThat(row(id, "attempts")).isEqualTo("0");
            assertThat(Long.parseLong(row(id, "next_attempt_at"))).isLessThanOrEqualTo(now);
        }
        assertThat(row(ids.get(0), "updated_at")).isNotEqualTo("1");
        assertThat(row(ids.get(1), "updated_at")).isNotEqualTo("1");
        assertThat(row(ids.get(2), "updated_at")).as("already what a reset makes it: not written").isEqualTo("1");
    }

    private void update(String sql, UUID deliveryId) throws Exception {
        try (Connection connection = database.connection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, deliveryId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String row(UUID deliveryId, String column) throws Exception {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT " + column + " FROM webhook_deliveries WHERE delivery_id = ?")) {
            query.setObject(1, deliveryId);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    @Test
    void retryToADisabledEndpointResetsTheDeliveryBeforeEnablingIt() {
        storeEventFor("orders");
        UUID delivery = operations.deliveries(Optional.empty(), Optional.of("orders"), 1).get(0).deliveryId();
        queue.disableAsGone("orders", Instant.now(), Instant.now());

        assertThat(operations.retry(delivery)).isPresent();

        assertThat(disabledWhenReset).containsExactly(true);
        assertThat(queue.endpointStatuses().get("orders").disabled()).isFalse();
    }

    private void storeEventFor(String endpoint) {
        Instant now = Instant.now();
        StepKey key = new StepKey(Uuids.v7(), 0);
        UUID eventId = Uuids.v7();
        OutboxEvent event = new OutboxEvent(eventId, "order.confirmed", "ecommerce", key.stepUuid(),
                "{\"event_id\":\"" + eventId + "\"}", null, List.of(new OutboxEvent.NewDelivery(endpoint, now)));
        String result = "{\"step_uuid\":\"" + key.stepUuid() + "\",\"success\":true,\"result\":{},"
                + "\"metadata\":{\"execution_time_ms\":1,\"retryable\":false,\"completed_at\":\"" + now + "\"},"
                + "\"status\":\"completed\",\"error\":null,\"orchestration_metadata\":null}";
        writer.write(new StepCommit(key, result, now, now.plus(Duration.ofHours(1)), List.of(event)));
    }

    /** The real log, noting whether the endpoint was still disabled when a retry or replay reset deliveries. */
    private final class ObservedLog implements DeliveryLog {

        private final DeliveryLog log;

        ObservedLog(DeliveryLog log) {
            this.log = log;
        }

        @Override
        public List<DeliveryView> deliveries(Optional<DeliveryState> state, Optional<String> endpoint, int limit) {
            return log.deliveries(state, endpoint, limit);
        }

        @Override
        public Optional<DeliveryView> delivery(UUID deliveryId) {
            return log.delivery(deliveryId);
        }

        @Override
        public boolean retry(UUID deliveryId, Instant now) {
            disabledWhenReset.add(queue.endpointStatuses().get("orders").disabled());
            return log.retry(deliveryId, now);
        }

        @Override
        public int replay(WebhookEndpoint endpoint, Instant since, Instant now) {
            disabledWhenReset.add(queue.endpointStatuses().get(endpoint.name()).disabled());
            return log.replay(endpoint, since, now);
        }

        @Override
        public Map<String, Map<DeliveryState, Long>> counts() {
            return log.counts();
        }

        @Override
        public long storedEvents() {
            return log.storedEvents();
        }
    }
}
