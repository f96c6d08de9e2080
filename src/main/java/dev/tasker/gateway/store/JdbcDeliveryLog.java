package dev.tasker.gateway.store;

import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.webhook.DeliveryLog;
import dev.tasker.gateway.webhook.DeliveryQueue.Attempt;
import dev.tasker.gateway.webhook.DeliveryState;
import dev.tasker.gateway.webhook.WebhookEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** {@link DeliveryLog} on JDBC: the delivery log, retry, replay, counts, and purging settled events. */
public final class JdbcDeliveryLog implements DeliveryLog {

    private static final String VIEW_COLUMNS = "d.delivery_id, d.event_id, e.event_name, d.endpoint, d.state, "
            + "d.attempts, d.next_attempt_at, d.created_at, d.delivered_at, d.last_error";

    private final Database database;

    public JdbcDeliveryLog(Database database) {
        this.database = database;
    }

    @Override
    public List<DeliveryView> deliveries(Optional<DeliveryState> state, Optional<String> endpoint, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + VIEW_COLUMNS + " FROM webhook_deliveries d "
                + "JOIN outbox_events e ON e.event_id = d.event_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        state.ifPresent(s -> {
            sql.append(" AND d.state = ?");
            args.add(s.name());
        });
        endpoint.ifPresent(e -> {
            sql.append(" AND d.endpoint = ?");
            args.add(e);
        });
        sql.append(" ORDER BY d.created_at DESC, d.delivery_id DESC LIMIT ?");
        args.add(limit);
        return views(sql.toString(), args);
    }

    @Override
    public Optional<DeliveryView> delivery(UUID deliveryId) {
        return views("SELECT " + VIEW_COLUMNS + " FROM webhook_deliveries d JOIN outbox_events e "
                + "ON e.event_id = d.event_id WHERE d.delivery_id = ?", List.of(deliveryId)).stream().findFirst();
    }

    @Override
    public boolean retry(UUID deliveryId, Instant now) {
        // a claim whose lease is still running belongs to an attempt in flight: it stays, so no other worker
        // sends the same delivery at the same time, and that attempt's outcome is recorded
        return database.update("UPDATE webhook_deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, "
                + "claimed_by = CASE WHEN claimed_until >= ? THEN claimed_by ELSE NULL END, "
                + "claimed_until = CASE WHEN claimed_until >= ? THEN claimed_until ELSE NULL END, "
                + "updated_at = ? WHERE delivery_id = ?",
                now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(), deliveryId) == 1;
    }

    @Override
    public int replay(WebhookEndpoint endpoint, Instant since, Instant now) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            int replayed = 0;
            try {
                List<UUID> toReset = new ArrayList<>();
                List<UUID> toInsert = new ArrayList<>();
                try (PreparedStatement events = connection.prepareStatement("SELECT e.event_id, e.event_name, "
                        + "e.namespace, d.delivery_id, d.state, d.attempts, d.next_attempt_at FROM outbox_events e "
                        + "LEFT JOIN webhook_deliveries d ON d.event_id = e.event_id AND d.endpoint = ? "
                        + "WHERE e.created_at >= ? ORDER BY e.created_at")) {
                    events.setString(1, endpoint.name());
                    events.setLong(2, since.toEpochMilli());
                    try (ResultSet rows = events.executeQuery()) {
                        while (rows.next()) {
                            if (!endpoint.accepts(rows.getString(2), rows.getString(3))) {
                                continue;
                            }
                            UUID eventId = rows.getObject(1, UUID.class);
                            if (rows.getObject(4) == null) {
                                toInsert.add(eventId);
                            } else if (waitingAsReplayed(rows.getString(5), rows.getInt(6), rows.getLong(7), now)) {
                                replayed++; // already what a reset would make it: nothing to write
                            } else {
                                toReset.add(eventId);
                            }
                        }
                    }
                }
                try (PreparedStatement reset = connection.prepareStatement("UPDATE webhook_deliveries SET "
                        + "state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ? "
                        + "WHERE event_id = ? AND endpoint = ?");
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_deliveries "
                             + "(delivery_id, event_id, endpoint, state, attempts, next_attempt_at, created_at, "
                             + "updated_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?)")) {
                    for (UUID eventId : toReset) {
                        reset.setLong(1, now.toEpochMilli());
                        reset.setLong(2, now.toEpochMilli());
                        reset.setObject(3, eventId);
                        reset.setString(4, endpoint.name());
                        replayed += reset.executeUpdate();
                    }
                    for (UUID eventId : toInsert) {
                        insert.setObject(1, Uuids.v7());
                        insert.setObject(2, eventId);
                        insert.setString(3, endpoint.name());
                        insert.setLong(4, now.toEpochMilli());
                        insert.setLong(5, now.toEpochMilli());
                        insert.setLong(6, now.toEpochMilli());
                        replayed += insert.executeUpdate();
                    }
                }
                connection.commit();
                return replayed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot replay events to " + endpoint.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a delivery is already what replaying resets it to: pending, never attempted, due by now (one
     * stored while its endpoint was disabled, say). Replayed without a write: resetting each of them cost a
     * drain of 10,000 such deliveries about as much as sending them, before the first could be claimed.
     */
    private static boolean waitingAsReplayed(String state, int attempts, long nextAttemptAt, Instant now) {
        return DeliveryState.PENDING.name().equals(state) && attempts == 0 && nextAttemptAt <= now.toEpochMilli();
    }

    @Override
    public Map<String, Map<DeliveryState, Long>> counts() {
        Map<String, Map<DeliveryState, Long>> counts = new TreeMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT endpoint, state, COUNT(*) FROM webhook_deliveries GROUP BY endpoint, state");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.computeIfAbsent(rows.getString(1), k -> new TreeMap<>())
                        .put(DeliveryState.valueOf(rows.getString(2)), rows.getLong(3));
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("cannot count deliveries: " + e.getMessage(), e);
        }
    }

    @Override
    public long storedEvents() {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbox_events");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count events: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes events stored before {@code before} that no delivery still waits for (every delivery delivered
     * or dead, or none), with their deliveries and attempts; returns how many events.
     */
    public int purgeSettled(Instant before) {
        String settled = "SELECT e.event_id FROM outbox_events e WHERE e.created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM webhook_deliveries p WHERE p.event_id = e.event_id AND p.state IN ('PENDING', 'FAILED'))";
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement attempts = connection.prepareStatement("DELETE FROM delivery_attempts WHERE "
                    + "delivery_id IN (SELECT d.delivery_id FROM webhook_deliveries d WHERE d.event_id IN (" + settled + "))");
                 PreparedStatement deliveries = connection.prepareStatement(
                         "DELETE FROM webhook_deliveries WHERE event_id IN (" + settled + ")");
                 PreparedStatement events = connection.prepareStatement(
                         "DELETE FROM outbox_events WHERE event_id IN (" + settled + ")")) {
                for (PreparedStatement statement : List.of(attempts, deliveries, events)) {
                    statement.setLong(1, before.toEpochMilli());
                }
                attempts.executeUpdate();
                deliveries.executeUpdate();
                int purged = events.executeUpdate();
                connection.commit();
                return purged;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot purge settled events: " + e.getMessage(), e);
        }
    }

    private List<DeliveryView> views(String sql, List<Object> args) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(sql);
             PreparedStatement attempts = connection.prepareStatement("SELECT attempted_at, status_code, error, "
                     + "duration_ms FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt_no")) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            List<DeliveryView> views = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    attempts.setObject(1, id);
                    List<Attempt> log = new ArrayList<>();
                    try (ResultSet a = attempts.executeQuery()) {
                        while (a.next()) {
                            int status = a.getInt(2);
                            Integer statusCode = a.wasNull() ? null : status;
                            log.add(new Attempt(Instant.ofEpochMilli(a.getLong(1)), statusCode, a.getString(3), a.getLong(4)));
                        }
                    }
                    long deliveredAt = rows.getLong(9);
                    Instant delivered = rows.wasNull() ? null : Instant.ofEpochMilli(deliveredAt);
                    views.add(new DeliveryView(id, rows.getObject(2, UUID.class), rows.getString(3), rows.getString(4),
                            DeliveryState.valueOf(rows.getString(5)), rows.getInt(6),
                            Instant.ofEpochMilli(rows.getLong(7)), Instant.ofEpochMilli(rows.getLong(8)), delivered,
                            rows.getString(10), log));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new StoreException("cannot read deliveries: " + e.getMessage(), e);
        }
    }
}
