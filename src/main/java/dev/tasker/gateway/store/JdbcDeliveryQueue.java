package dev.tasker.gateway.store;

import dev.tasker.gateway.webhook.DeliveryQueue;
import dev.tasker.gateway.webhook.DeliveryState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@link DeliveryQueue} on JDBC: claims, attempts and endpoint states. A claim selects due rows (on PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so
 * concurrent instances take different rows without waiting) and sets a lease with a conditional update, which
 * keeps claims correct on H2 as well: a row is claimed only by the update that finds its lease free.
 */
public final class JdbcDeliveryQueue implements DeliveryQueue {

    private static final String DUE = "SELECT delivery_id FROM webhook_deliveries WHERE endpoint = ? "
            + "AND state IN ('PENDING', 'FAILED') AND next_attempt_at <= ? "
            + "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_attempt_at, delivery_id LIMIT ?";
    private final Database database;
    /**
     * H2 has no SKIP LOCKED, and two claim transactions locking overlapping rows can deadlock there. An embedded
     * H2 store belongs to one process, so its claims are simply taken one at a time.
     */
    private final Object h2ClaimLock = new Object();

    public JdbcDeliveryQueue(Database database) {
        this.database = database;
    }

    @Override
    public List<DueDelivery> claimDue(String endpoint, int limit, Instant now, Instant leaseUntil, String workerId) {
        if (database.dialect() == Dialect.H2) {
            synchronized (h2ClaimLock) {
                return claim(endpoint, limit, now, leaseUntil, workerId);
            }
        }
        return claim(endpoint, limit, now, leaseUntil, workerId);
    }

    private List<DueDelivery> claim(String endpoint, int limit, Instant now, Instant leaseUntil, String workerId) {
        String select = database.dialect() == Dialect.POSTGRESQL ? DUE + " FOR UPDATE SKIP LOCKED" : DUE;
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            List<UUID> claimed = new ArrayList<>();
            try {
                List<UUID> candidates = new ArrayList<>();
                try (PreparedStatement due = connection.prepareStatement(select)) {
                    due.setString(1, endpoint);
                    due.setLong(2, now.toEpochMilli());
                    due.setLong(3, now.toEpochMilli());
                    due.setInt(4, limit);
                    try (ResultSet rows = due.executeQuery()) {
                        while (rows.next()) {
                            candidates.add(rows.getObject(1, UUID.class));
                        }
                    }
                }
                try (PreparedStatement claim = connection.prepareStatement("UPDATE webhook_deliveries "
                        + "SET claimed_by = ?, claimed_until = ? WHERE delivery_id = ? "
                        + "AND state IN ('PENDING', 'FAILED') AND (claimed_until IS NULL OR claimed_until < ?)")) {
                    for (UUID id : candidates) {
                        claim.setString(1, workerId);
                        claim.setLong(2, leaseUntil.toEpochMilli());
                        claim.setObject(3, id);
                        claim.setLong(4, now.toEpochMilli());
                        claim.addBatch();
                    }
                    // one round trip for the whole claim; a row whose lease was taken meanwhile counts 0
                    int[] updated = candidates.isEmpty() ? new int[0] : claim.executeBatch();
                    for (int i = 0; i < updated.length; i++) {
                        if (updated[i] == 1) {
                            claimed.add(candidates.get(i));
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            // one query for the whole claim instead of one per delivery
            List<DueDelivery> deliveries = new ArrayList<>();
            if (!claimed.isEmpty()) {
                String marks = String.join(", ", java.util.Collections.nCopies(claimed.size(), "?"));
                try (PreparedStatement load = connection.prepareStatement("SELECT d.delivery_id, d.event_id, "
                        + "d.endpoint, e.event_name, d.attempts, e.body, e.traceparent FROM webhook_deliveries d "
                        + "JOIN outbox_events e ON e.event_id = d.event_id WHERE d.delivery_id IN (" + marks + ") "
                        + "ORDER BY d.next_attempt_at, d.delivery_id")) {
                    for (int i = 0; i < claimed.size(); i++) {
                        load.setObject(i + 1, claimed.get(i));
                    }
                    try (ResultSet rows = load.executeQuery()) {
                        while (rows.next()) {
                            deliveries.add(new DueDelivery(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                                    rows.getString(3), rows.getString(4), rows.getInt(5), rows.getString(6),
                                    rows.getString(7)));
                        }
                    }
                }
            }
            connection.commit();
            return deliveries;
        } catch (SQLException e) {
            throw new StoreException("cannot claim deliveries for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void complete(DueDelivery delivery, String workerId, Completion completion) {
        Attempt attempt = completion.attempt();
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                String lastError = attempt.error() != null ? attempt.error()
                        : completion.state() == DeliveryState.DELIVERED ? null : "HTTP " + attempt.statusCode();
                // the attempt count still the one claimed: no operator retry reset the delivery meanwhile
                try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_deliveries SET state = ?, "
                        + "attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, "
                        + "claimed_by = NULL, claimed_until = NULL, updated_at = ?, delivered_at = ? "
                        + "WHERE delivery_id = ? AND claimed_by = ? AND attempts = ?")) {
                    update.setString(1, completion.state().name());
                    update.setLong(2, completion.nextAttemptAt().toEpochMilli());
                    setInteger(update, 3, attempt.statusCode());
                    update.setString(4, lastError);
                    update.setLong(5, attempt.attemptedAt().toEpochMilli());
                    if (completion.state() == DeliveryState.DELIVERED) {
                        update.setLong(6, attempt.attemptedAt().toEpochMilli());
                    } else {
                        update.setNull(6, java.sql.Types.BIGINT);
                    }
                    update.setObject(7, delivery.deliveryId());
                    update.setString(8, workerId);
                    update.setInt(9, delivery.attempts());
                    if (update.executeUpdate() == 0 && !keepOperatorRetry(connection, delivery, workerId, attempt,
                            lastError)) {
                        connection.rollback();
                        return; // the lease ended and someone else owns the delivery now
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO delivery_attempts "
                        + "(delivery_id, attempt_no, attempted_at, status_code, error, duration_ms, worker_id) VALUES "
                        + "(?, (SELECT COALESCE(MAX(attempt_no), 0) + 1 FROM delivery_attempts WHERE delivery_id = ?), "
                        + "?, ?, ?, ?, ?)")) {
                    insert.setObject(1, delivery.deliveryId());
                    insert.setObject(2, delivery.deliveryId());
                    insert.setLong(3, attempt.attemptedAt().toEpochMilli());
                    setInteger(insert, 4, attempt.statusCode());
                    insert.setString(5, attempt.error());
                    insert.setLong(6, attempt.durationMs());
                    insert.setString(7, workerId);
                    insert.executeUpdate();
                }
                try (PreparedStatement endpoint = connection.prepareStatement(completion.endpointSucceeded()
                        ? "UPDATE webhook_endpoint_state SET consecutive_failures = 0, updated_at = ? WHERE endpoint = ?"
                        : "UPDATE webhook_endpoint_state SET consecutive_failures = consecutive_failures + 1, "
                        + "updated_at = ? WHERE endpoint = ?")) {
                    endpoint.setLong(1, attempt.attemptedAt().toEpochMilli());
                    endpoint.setString(2, delivery.endpoint());
                    endpoint.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record a delivery attempt: " + e.getMessage(), e);
        }
    }

    /**
     * An operator retried the delivery while this attempt was in flight (it reset the attempt count and made
     * it due now, keeping this claim): the attempt is logged, but the reset stands, so the delivery is sent
     * again at once on a fresh schedule instead of taking this attempt's outcome.
     *
     * @return false when this worker no longer holds the claim at all
     */
    private static boolean keepOperatorRetry(Connection connection, DueDelivery delivery, String workerId,
                                             Attempt attempt, String lastError) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement("UPDATE webhook_deliveries SET "
                + "last_status = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                + "WHERE delivery_id = ? AND claimed_by = ?")) {
            setInteger(release, 1, attempt.statusCode());
            release.setString(2, lastError);
            release.setLong(3, attempt.attemptedAt().toEpochMilli());
            release.setObject(4, delivery.deliveryId());
            release.setString(5, workerId);
            return release.executeUpdate() == 1;
        }
    }

    @Override
    public void releaseClaims(String workerId) {
        database.update("UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", workerId);
    }

    @Override
    public void releaseAllClaims() {
        database.update("UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL");
    }

    @Override
    public void registerEndpoints(List<String> endpoints) {
        Set<String> known = endpointStatuses().keySet();
        for (String endpoint : endpoints) {
            if (known.contains(endpoint)) {
                continue;
            }
            try {
                database.update("INSERT INTO webhook_endpoint_state (endpoint, consecutive_failures, updated_at) VALUES (?, 0, ?)",
                        endpoint, System.currentTimeMillis());
            } catch (StoreException e) {
                if (!endpointStatuses().containsKey(endpoint)) { // another instance inserting at once is fine
                    throw e;
                }
            }
        }
    }

    @Override
    public Map<String, EndpointStatus> endpointStatuses() {
        Map<String, EndpointStatus> statuses = new LinkedHashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT endpoint, consecutive_failures, disabled_reason, disabled_at FROM webhook_endpoint_state");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long disabledAt = rows.getLong(4);
                statuses.put(rows.getString(1), new EndpointStatus(rows.getInt(2), rows.getString(3),
                        rows.wasNull() ? null : Instant.ofEpochMilli(disabledAt)));
            }
            return statuses;
        } catch (SQLException e) {
            throw new StoreException("cannot read endpoint states: " + e.getMessage(), e);
        }
    }

    @Override
    public void setEndpointDisabled(String endpoint, String reason, Instant now) {
        if (reason == null) {
            database.update("UPDATE webhook_endpoint_state SET disabled_reason = NULL, disabled_at = NULL, "
                    + "consecutive_failures = 0, updated_at = ? WHERE endpoint = ?", now.toEpochMilli(), endpoint);
        } else {
            database.update("UPDATE webhook_endpoint_state SET disabled_reason = ?, disabled_at = ?, updated_at = ? "
                    + "WHERE endpoint = ?", reason, now.toEpochMilli(), now.toEpochMilli(), endpoint);
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
