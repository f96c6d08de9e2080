package dev.tasker.gateway.store;

import dev.tasker.gateway.webhook.CloudEventAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One durable event as the outbox stores it, with the deliveries it fans out to.
 *
 * @param eventId     {@code event_id}, also the {@code webhook-id}
 * @param eventName   {@code event_name}
 * @param namespace   the task's namespace, may be null
 * @param stepUuid    the step that fired it
 * @param body        the event JSON exactly as it is sent
 * @param cloudEvent  its {@code ce-source} and {@code ce-time}, stored with it; null (also for attributes a text
 *                    column cannot hold, see {@link CloudEventAttributes#storable}): read from the body when sent
 * @param traceparent the step request's W3C {@code traceparent}, may be null
 * @param deliveries  one per endpoint whose filter matches, each with its first attempt time
 */
public record OutboxEvent(UUID eventId, String eventName, String namespace, UUID stepUuid, String body,
                          CloudEventAttributes cloudEvent, String traceparent, List<NewDelivery> deliveries) {

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(stepUuid, "stepUuid");
        Objects.requireNonNull(body, "body");
        deliveries = List.copyOf(deliveries);
        if (cloudEvent != null && !cloudEvent.storable()) {
            cloudEvent = null;
        }
    }

    /** An event whose CloudEvents attributes are read from its body when it is sent. */
    public OutboxEvent(UUID eventId, String eventName, String namespace, UUID stepUuid, String body,
                       String traceparent, List<NewDelivery> deliveries) {
        this(eventId, eventName, namespace, stepUuid, body, null, traceparent, deliveries);
    }

    /** A delivery to create with the event. */
    public record NewDelivery(String endpoint, Instant firstAttemptAt) {
        public NewDelivery {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
        }
    }
}
