package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one executed step makes durable, in one transaction: its result (for idempotency) and its
 * durable events with their deliveries.
 *
 * @param fingerprint   the encoded {@code StepFingerprint} stored with the result, or null
 * @param releasesClaim whether the commit also deletes the attempt's {@code step_claims} row (a shared store)
 */
public record StepCommit(StepKey key, String resultJson, String fingerprint, Instant storedAt, Instant expiresAt,
                         List<OutboxEvent> events, boolean releasesClaim) {

    public StepCommit {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(resultJson, "resultJson");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        events = List.copyOf(events);
    }

    /** A commit whose result carries no fingerprint. */
    public StepCommit(StepKey key, String resultJson, Instant storedAt, Instant expiresAt, List<OutboxEvent> events) {
        this(key, resultJson, null, storedAt, expiresAt, events, false);
    }
}
