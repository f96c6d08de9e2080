package dev.tasker.gateway.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.execution.StepFingerprint;
import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.execution.StepResultStore;
import dev.tasker.gateway.execution.StoredStepResult;
import dev.tasker.gateway.model.StepExecutionResult;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The idempotency store on JDBC: reads {@code step_results}, skipping expired rows, and purges them. With
 * {@link StoredKeys} (a store this process alone writes), a key they rule out is not looked up.
 */
public final class JdbcStepResultStore implements StepResultStore {

    private static final String COLUMNS = "step_uuid, attempts, result_json, fingerprint, stored_at, expires_at";

    private final Database database;
    private final ObjectMapper mapper;
    private final Clock clock;
    /** The keys that may be stored, or null: every key is looked up. */
    private final StoredKeys keys;

    public JdbcStepResultStore(Database database, ObjectMapper mapper, Clock clock) {
        this(database, mapper, clock, null);
    }

    /** @param keys the keys that may be stored (filled by the one writer of the table), or null */
    public JdbcStepResultStore(Database database, ObjectMapper mapper, Clock clock, StoredKeys keys) {
        this.database = database;
        this.mapper = mapper;
        this.clock = clock;
        this.keys = keys;
    }

    @Override
    public Optional<StoredStepResult> find(StepKey key) {
        if (keys != null && !keys.mightBeStored(key)) {
            return Optional.empty(); // a new key (nearly every step): no lookup
        }
        return query("SELECT " + COLUMNS + " FROM step_results WHERE step_uuid = ? AND attempts = ? AND expires_at > ?",
                key.stepUuid(), key.attempts());
    }

    @Override
    public Optional<StoredStepResult> latest(UUID stepUuid) {
        return query("SELECT " + COLUMNS + " FROM step_results WHERE step_uuid = ? AND expires_at > ? "
                + "ORDER BY attempts DESC LIMIT 1", stepUuid, null);
    }

    /** Deletes results expired before now; returns how many. */
    public int purgeExpired() {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM step_results WHERE expires_at <= ?")) {
            delete.setLong(1, clock.millis());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot purge expired step results: " + e.getMessage(), e);
        }
    }

    private Optional<StoredStepResult> query(String sql, UUID stepUuid, Integer attempts) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setObject(i++, stepUuid);
            if (attempts != null) {
                select.setInt(i++, attempts);
            }
            select.setLong(i, clock.millis());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                StepExecutionResult result = mapper.readValue(rows.getString("result_json"), StepExecutionResult.class);
                return Optional.of(new StoredStepResult(
                        new StepKey(rows.getObject("step_uuid", UUID.class), rows.getInt("attempts")), result,
                        Instant.ofEpochMilli(rows.getLong("stored_at")), Instant.ofEpochMilli(rows.getLong("expires_at")),
                        StepFingerprint.decode(rows.getString("fingerprint")).orElse(null)));
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot read stored step results: " + e.getMessage(), e);
        }
    }
}
