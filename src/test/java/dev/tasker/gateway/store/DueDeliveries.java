package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Stores steps whose one event has one delivery each, due at a given time: a backlog for claim tests. */
final class DueDeliveries {

    private DueDeliveries() {
    }

    /** Commits {@code count} steps, each with an {@code order.confirmed} event delivered to {@code endpoint}. */
    static void store(GroupCommitWriter writer, String endpoint, int count, Instant due) {
        for (int i = 0; i < count; i++) {
            StepKey key = new StepKey(Uuids.v7(), 0);
            UUID eventId = Uuids.v7();
            OutboxEvent event = new OutboxEvent(eventId, "order.confirmed", "ecommerce", key.stepUuid(),
                    "{\"event_id\":\"" + eventId + "\"}", null, List.of(new OutboxEvent.NewDelivery(endpoint, due)));
            writer.write(new StepCommit(key, "{\"step_uuid\":\"" + key.stepUuid() + "\"}", due,
                    due.plus(Duration.ofHours(1)), List.of(event)));
        }
    }
}
