package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepClaim;
import dev.tasker.gateway.execution.StepClaims;
import dev.tasker.gateway.execution.StepFingerprint;
import dev.tasker.gateway.execution.StepKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Claims on attempts in {@code step_claims}, for a store several gateway instances share: claims are taken in
 * the {@link GroupCommitWriter}'s transactions (so concurrent steps share one commit for their claims and
 * results), read and released on a connection of their own. Thread-safe.
 */
public final class JdbcStepClaims implements StepClaims {

    private final Database database;
    private final GroupCommitWriter writer;
    private final String instanceId;
    private final Clock clock;

    /** @param instanceId names this gateway process in the claims it holds; unique among the instances */
    public JdbcStepClaims(Database database, GroupCommitWriter writer, String instanceId, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    public StepClaim claim(StepKey key, StepFingerprint fingerprint, Instant now, Instant expiresAt) {
        return writer.claim(new ClaimRequest(key, instanceId, fingerprint == null ? null : fingerprint.encoded(),
                now, expiresAt));
    }

    @Override
    public Optional<StepClaim> holder(StepKey key) {
        try (Connection connection = database.connection()) {
            return ClaimStatements.holder(connection, key, false);
        } catch (SQLException e) {
            throw new StoreException("cannot read the claim of step " + key.stepUuid() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(StepKey key) {
        try (Connection connection = database.connection()) {
            ClaimStatements.delete(connection, key, instanceId);
        } catch (SQLException e) {
            throw new StoreException("cannot release the claim of step " + key.stepUuid() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes claims whose lease ended before now (left by instances that died); returns how many. */
    public int purgeExpired() {
        try (Connection connection = database.connection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM step_claims WHERE expires_at <= ?")) {
            delete.setLong(1, clock.millis());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot purge expired step claims: " + e.getMessage(), e);
        }
    }
}
