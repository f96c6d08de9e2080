package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepClaim;
import dev.tasker.gateway.execution.StepFingerprint;
import dev.tasker.gateway.execution.StepKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of {@code step_claims}, run inside the group commit's transactions. PostgreSQL takes or renews a
 * claim in one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}; H2 (a shared H2 server, or claims turned on
 * for an embedded one) locks the row with {@code SELECT ... FOR UPDATE} and inserts or updates it (two
 * instances inserting at once: one fails on the primary key and its batch is retried one by one).
 */
final class ClaimStatements {

    private static final String UPSERT = "INSERT INTO step_claims "
            + "(step_uuid, attempts, instance_id, fingerprint, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (step_uuid, attempts) DO UPDATE SET instance_id = EXCLUDED.instance_id, "
            + "fingerprint = EXCLUDED.fingerprint, claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at "
            + "WHERE step_claims.expires_at <= EXCLUDED.claimed_at OR step_claims.instance_id = EXCLUDED.instance_id";
    private static final String SELECT = "SELECT instance_id, fingerprint, expires_at FROM step_claims "
            + "WHERE step_uuid = ? AND attempts = ?";

    private ClaimStatements() {
    }

    /**
     * Takes the claim when there is none, it expired by {@code request.now()}, or the claimant holds it; then,
     * when an unexpired result is stored already, gives it up again and answers {@link StepClaim.Status#STORED}.
     */
    static StepClaim claim(Connection connection, Dialect dialect, ClaimRequest request) throws SQLException {
        boolean taken = dialect == Dialect.POSTGRESQL ? upsert(connection, request) : lockAndWrite(connection, request);
        if (!taken) {
            Optional<StepClaim> holder = holder(connection, request.key(), false);
            // the holder's result commit deleted it just now: its result is stored (or it gave up); ask again
            return holder.orElseGet(() -> StepClaim.held(null, null, request.now()));
        }
        if (resultStored(connection, request)) {
            delete(connection, request.key(), request.instanceId());
            return StepClaim.stored();
        }
        return StepClaim.taken(request.instanceId(), request.expiresAt());
    }

    private static boolean upsert(Connection connection, ClaimRequest request) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            bind(upsert, request);
            return upsert.executeUpdate() == 1;
        }
    }

    private static boolean lockAndWrite(Connection connection, ClaimRequest request) throws SQLException {
        Optional<StepClaim> held = holder(connection, request.key(), true);
        if (held.isPresent()) {
            StepClaim claim = held.get();
            if (claim.expiresAt().isAfter(request.now()) && !request.instanceId().equals(claim.holder())) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE step_claims SET instance_id = ?, "
                    + "fingerprint = ?, claimed_at = ?, expires_at = ? WHERE step_uuid = ? AND attempts = ?")) {
                update.setString(1, request.instanceId());
                update.setString(2, request.fingerprint());
                update.setLong(3, request.now().toEpochMilli());
                update.setLong(4, request.expiresAt().toEpochMilli());
                update.setObject(5, request.key().stepUuid());
                update.setInt(6, request.key().attempts());
                return update.executeUpdate() == 1;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO step_claims "
                + "(step_uuid, attempts, instance_id, fingerprint, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            bind(insert, request);
            return insert.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement statement, ClaimRequest request) throws SQLException {
        statement.setObject(1, request.key().stepUuid());
        statement.setInt(2, request.key().attempts());
        statement.setString(3, request.instanceId());
        statement.setString(4, request.fingerprint());
        statement.setLong(5, request.now().toEpochMilli());
        statement.setLong(6, request.expiresAt().toEpochMilli());
    }

    private static boolean resultStored(Connection connection, ClaimRequest request) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM step_results WHERE step_uuid = ? AND attempts = ? AND expires_at > ?")) {
            select.setObject(1, request.key().stepUuid());
            select.setInt(2, request.key().attempts());
            select.setLong(3, request.now().toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The claim on the attempt, expired or not. */
    static Optional<StepClaim> holder(Connection connection, StepKey key, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setObject(1, key.stepUuid());
            select.setInt(2, key.attempts());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(StepClaim.held(rows.getString(1),
                        StepFingerprint.decode(rows.getString(2)).orElse(null), Instant.ofEpochMilli(rows.getLong(3))));
            }
        }
    }

    /** Deletes the claims of the attempts whose results these commits store (whoever holds them). */
    static void releaseAll(Connection connection, List<StepCommit> commits) throws SQLException {
        if (commits.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM step_claims WHERE step_uuid = ? AND attempts = ?")) {
            for (StepCommit commit : commits) {
                delete.setObject(1, commit.key().stepUuid());
                delete.setInt(2, commit.key().attempts());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Deletes the claim on the attempt if {@code instanceId} holds it. */
    static int delete(Connection connection, StepKey key, String instanceId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM step_claims WHERE step_uuid = ? AND attempts = ? AND instance_id = ?")) {
            delete.setObject(1, key.stepUuid());
            delete.setInt(2, key.attempts());
            delete.setString(3, instanceId);
            return delete.executeUpdate();
        }
    }
}
