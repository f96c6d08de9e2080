package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one executed step makes durable, in one transaction: its result (for idempotency) and its
 * durable events with their deliveries.
 */
public record StepCommit(StepKey key, String resultJson, Instant storedAt, Instant expiresAt,
                         List<OutboxEvent> events) {

    public StepCommit {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(resultJson, "resultJson");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        events = List.copyOf(events);
    }
}
