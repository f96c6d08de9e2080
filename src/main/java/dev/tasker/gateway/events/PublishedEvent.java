package dev.tasker.gateway.events;

import dev.tasker.gateway.model.DeliveryMode;
import java.util.Objects;

/** An event a publisher produced for one step, with how it is to be delivered. */
public record PublishedEvent(DomainEvent event, DeliveryMode deliveryMode, String taskName) {

    public PublishedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(deliveryMode, "deliveryMode");
    }

    /** Stored in the outbox and delivered to webhooks with retries ({@code durable}, {@code broadcast}). */
    public boolean durable() {
        return deliveryMode != DeliveryMode.FAST;
    }

    /** Handed to in-process listeners at once ({@code fast}, {@code broadcast}). */
    public boolean fast() {
        return deliveryMode != DeliveryMode.DURABLE;
    }
}
