package dev.tasker.gateway.store;

import dev.tasker.gateway.webhook.CloudEventAttributes;
import dev.tasker.gateway.webhook.DeliveryQueue;
import dev.tasker.gateway.webhook.DeliveryState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@link DeliveryQueue} on JDBC: claims, attempts and endpoint states. A claim selects due rows (on PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so
 * concurrent instances take different rows without waiting) and sets a lease with a conditional update, which
 * keeps claims correct on H2 as well: a row is claimed only by the update that finds its lease free. On a store
 * only this process can open, the claims can be held in memory instead ({@link InMemoryDeliveryClaims}): the
 * due rows are read, and the claim is a map entry, not an update and a commit.
 */
public final class JdbcDeliveryQueue implements DeliveryQueue {

    /**
     * Due rows of one state, oldest first, with what it takes to send them. One state at a time, ordered by the
     * whole index: so H2 walks the {@code webhook_deliveries_due} index from the oldest due row and stops at the
     * limit (with {@code state IN (..)} it read and sorted every row of the endpoint, delivered ones included,
     * on every claim). The event's body comes in the same query: one fixed statement a claim (a second query
     * {@code IN (?, ?, ..)} was parsed anew for each claim size) and one round trip less.
     */
    private static final String DUE = "SELECT d.delivery_id, d.event_id, d.endpoint, e.event_name, d.attempts, "
            + "e.body, e.traceparent, d.next_attempt_at, e.ce_source, e.ce_time FROM webhook_deliveries d "
            + "JOIN outbox_events e ON e.event_id = d.event_id WHERE d.endpoint = ? AND d.state = ? "
            + "AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?) "
            + "ORDER BY d.endpoint, d.state, d.next_attempt_at LIMIT ?";
    /**
     * With claims held in memory, a claim reads more rows than it takes (the endpoint's claims held are among
     * the due rows): so first the due rows alone, without the events, and then the bodies of those taken
     * ({@link #BODIES}), not of every row read.
     */
    private static final String DUE_ROWS = "SELECT d.delivery_id, d.event_id, d.attempts, d.next_attempt_at "
            + "FROM webhook_deliveries d WHERE d.endpoint = ? AND d.state = ? AND d.next_attempt_at <= ? "
            + "AND (d.claimed_until IS NULL OR d.claimed_until < ?) "
            + "ORDER BY d.endpoint, d.state, d.next_attempt_at LIMIT ?";
    /** The events of the deliveries taken: one fixed statement whatever their number (an array parameter). */
    private static final String BODIES = "SELECT event_id, event_name, body, traceparent, ce_source, ce_time "
            + "FROM outbox_events "
            + "WHERE event_id = ANY(?)";
    /** On PostgreSQL the due rows are locked, skipping those another instance is claiming (not the events). */
    private static final String DUE_POSTGRESQL = DUE + " FOR UPDATE OF d SKIP LOCKED";
    private static final List<String> DUE_STATES = List.of(DeliveryState.PENDING.name(), DeliveryState.FAILED.name());
    private final Database database;
    /** Group commit of attempts; null: each attempt in its own transaction. */
    private final AttemptWriter attempts;
    /**
     * H2 has no SKIP LOCKED, and two claim transactions locking overlapping rows can deadlock there. An embedded
     * H2 store belongs to one process, so its claims are simply taken one at a time.
     */
    private final Object h2ClaimLock = new Object();
    /** Claims held in this process (the attempt writer ends them); null: claims are written to the store. */
    private final InMemoryDeliveryClaims heldClaims;

    /** Each attempt recorded in its own transaction. */
    public JdbcDeliveryQueue(Database database) {
        this(database, null);
    }

    /** @param attempts records attempts with group commit (its owner closes it) */
    public JdbcDeliveryQueue(Database database, AttemptWriter attempts) {
        this.database = database;
        this.attempts = attempts;
        this.heldClaims = attempts == null ? null : attempts.heldClaims();
    }

    @Override
    public List<DueDelivery> claimDue(String endpoint, int limit, Instant now, Instant leaseUntil, String workerId) {
        if (heldClaims != null) {
            return claimHeldInMemory(endpoint, limit, now, leaseUntil, workerId);
        }
        if (database.dialect() == Dialect.H2) {
            synchronized (h2ClaimLock) {
                return claim(endpoint, limit, now, leaseUntil, workerId);
            }
        }
        return claim(endpoint, limit, now, leaseUntil, workerId);
    }

    /** Maps one row of a due query. */
    @FunctionalInterface
    private interface DueRowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    /** Runs a due query ({@link #DUE}, {@link #DUE_ROWS}) for each due state, up to {@code limit} rows each. */
    private static <T> List<T> readDue(Connection connection, String select, String endpoint, int limit,
                                       Instant now, DueRowMapper<T> mapper) throws SQLException {
        List<T> due = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(select)) {
            for (String state : DUE_STATES) {
                query.setString(1, endpoint);
                query.setString(2, state);
                query.setLong(3, now.toEpochMilli());
                query.setLong(4, now.toEpochMilli());
                query.setInt(5, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        due.add(mapper.map(rows));
                    }
                }
            }
        }
        return due;
    }

    /** Up to {@code limit} due deliveries over both due states, oldest first. */
    private static List<DueDelivery> due(Connection connection, String select, String endpoint, int limit,
                                         Instant now) throws SQLException {
        record Due(DueDelivery delivery, long at) {
        }
        List<Due> due = readDue(connection, select, endpoint, limit, now, rows -> new Due(new DueDelivery(
                rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3), rows.getString(4),
                rows.getInt(5), rows.getString(6), cloudEvent(rows, 9), rows.getString(7)), rows.getLong(8)));
        if (due.size() > limit) {
            due.sort(Comparator.comparingLong(Due::at));
        }
        return due.stream().limit(limit).map(Due::delivery).toList();
    }

    /**
     * The event's stored {@code ce_source} (at {@code column}) and {@code ce_time} (the next), or null for an
     * event stored without them (read from its body when it is sent).
     */
    private static CloudEventAttributes cloudEvent(ResultSet rows, int column) throws SQLException {
        String source = rows.getString(column);
        return source == null ? null : new CloudEventAttributes(source, rows.getString(column + 1));
    }

    /** A due row read without its event. */
    private record DueRow(UUID deliveryId, UUID eventId, int attempts, long at) {
    }

    /** Claims held in memory: the due rows are read, the claims taken in memory, then the events read. */
    private List<DueDelivery> claimHeldInMemory(String endpoint, int limit, Instant now, Instant leaseUntil,
                                                String workerId) {
        List<DueRow> taken;
        try (Connection connection = database.connection()) {
            taken = heldClaims.claim(endpoint, limit, now.toEpochMilli(), leaseUntil.toEpochMilli(), workerId,
                    rows -> dueRows(connection, endpoint, rows, now), DueRow::deliveryId);
            if (taken.isEmpty()) {
                return List.of();
            }
            return withEvents(connection, endpoint, taken, workerId);
        } catch (SQLException e) {
            throw new StoreException("cannot claim deliveries for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static List<DueRow> dueRows(Connection connection, String endpoint, int limit, Instant now) {
        List<DueRow> due;
        try {
            due = readDue(connection, DUE_ROWS, endpoint, limit, now, rows -> new DueRow(rows.getObject(1, UUID.class),
                    rows.getObject(2, UUID.class), rows.getInt(3), rows.getLong(4)));
        } catch (SQLException e) {
            throw new StoreException("cannot read due deliveries for " + endpoint + ": " + e.getMessage(), e);
        }
        // both states, oldest first: a claim takes only some of the rows it reads, so their order matters
        due.sort(Comparator.comparingLong(DueRow::at));
        return due.size() > limit ? due.subList(0, limit) : due;
    }

    /**
     * The taken rows with their events, oldest first. A row whose event is gone (purged since) is released;
     * if reading the events fails, every claim taken is released before the failure is thrown.
     */
    private List<DueDelivery> withEvents(Connection connection, String endpoint, List<DueRow> taken, String workerId)
            throws SQLException {
        record Event(String eventName, String body, CloudEventAttributes cloudEvent, String traceparent) {
        }
        Map<UUID, Event> events = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(BODIES)) {
            query.setObject(1, taken.stream().map(DueRow::eventId).distinct().toArray(UUID[]::new));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID eventId = rows.getObject(1, UUID.class);
                    events.put(eventId, new Event(rows.getString(2), rows.getString(3), cloudEvent(rows, 5),
                            rows.getString(4)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            heldClaims.release(taken.stream().map(DueRow::deliveryId).toList(), workerId);
            throw e;
        }
        List<DueDelivery> claimed = new ArrayList<>(taken.size());
        List<UUID> gone = new ArrayList<>();
        for (DueRow row : taken) {
            Event event = events.get(row.eventId());
            if (event == null) {
                gone.add(row.deliveryId());
            } else {
                claimed.add(new DueDelivery(row.deliveryId(), row.eventId(), endpoint, event.eventName(),
                        row.attempts(), event.body(), event.cloudEvent(), event.traceparent()));
            }
        }
        heldClaims.release(gone, workerId);
        return claimed;
    }

    private List<DueDelivery> claim(String endpoint, int limit, Instant now, Instant leaseUntil, String workerId) {
        String select = database.dialect() == Dialect.POSTGRESQL ? DUE_POSTGRESQL : DUE;
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                List<DueDelivery> candidates = due(connection, select, endpoint, limit, now);
                List<DueDelivery> claimed = new ArrayList<>(candidates.size());
                if (!candidates.isEmpty()) {
                    try (PreparedStatement claim = connection.prepareStatement("UPDATE webhook_deliveries "
                            + "SET claimed_by = ?, claimed_until = ? WHERE delivery_id = ? "
                            + "AND state IN ('PENDING', 'FAILED') AND (claimed_until IS NULL OR claimed_until < ?)")) {
                        for (DueDelivery candidate : candidates) {
                            claim.setString(1, workerId);
                            claim.setLong(2, leaseUntil.toEpochMilli());
                            claim.setObject(3, candidate.deliveryId());
                            claim.setLong(4, now.toEpochMilli());
                            claim.addBatch();
                        }
                        // one round trip for the whole claim; a row whose lease was taken meanwhile counts 0
                        int[] updated = claim.executeBatch();
                        for (int i = 0; i < updated.length; i++) {
                            if (updated[i] == 1) {
                                claimed.add(candidates.get(i));
                            }
                        }
                    }
                }
                connection.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot claim deliveries for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> completeLater(DueDelivery delivery, String workerId,
                                                                      Completion completion) {
        return attempts != null ? attempts.recordLater(delivery, workerId, completion)
                : DeliveryQueue.super.completeLater(delivery, workerId, completion);
    }

    /** Records the attempt with the {@link AttemptWriter} (group commit), or alone when there is none. */
    @Override
    public void complete(DueDelivery delivery, String workerId, Completion completion) {
        if (attempts != null) {
            attempts.record(delivery, workerId, completion);
        } else {
            AttemptWriter.recordAlone(database, delivery, workerId, completion);
        }
    }

    @Override
    public void release(List<DueDelivery> deliveries, String workerId) {
        if (deliveries.isEmpty()) {
            return;
        }
        if (heldClaims != null) {
            heldClaims.release(deliveries.stream().map(DueDelivery::deliveryId).toList(), workerId);
        } // and in the store: a delivery handed over by the step commit was stored claimed
        try (Connection connection = database.connection();
             PreparedStatement release = connection.prepareStatement("UPDATE webhook_deliveries SET claimed_by = NULL, "
                     + "claimed_until = NULL WHERE delivery_id = ? AND claimed_by = ?")) {
            for (DueDelivery delivery : deliveries) {
                release.setObject(1, delivery.deliveryId());
                release.setString(2, workerId);
                release.addBatch();
            }
            release.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("cannot release delivery claims: " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseClaims(String workerId) {
        if (heldClaims != null) {
            heldClaims.releaseAll(workerId);
        }
        database.update("UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", workerId);
    }

    @Override
    public void releaseAllClaims() {
        if (heldClaims != null) {
            heldClaims.clear();
        }
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
}
