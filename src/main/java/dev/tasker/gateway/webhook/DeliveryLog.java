package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery log as the operations API sees it: deliveries with their attempts, retry, replay, counts.
 * Implementations are thread-safe and throw unchecked exceptions when the store fails.
 */
public interface DeliveryLog {

    /** One delivery with its attempts, newest attempt last. */
    record DeliveryView(@JsonProperty("id") UUID deliveryId,
                        @JsonProperty("event_id") UUID eventId,
                        @JsonProperty("event_name") String eventName,
                        @JsonProperty("endpoint") String endpoint,
                        @JsonProperty("status") DeliveryState state,
                        @JsonProperty("attempts_in_round") int attempts,
                        @JsonProperty("next_attempt_at") Instant nextAttemptAt,
                        @JsonProperty("created_at") Instant createdAt,
                        @JsonProperty("delivered_at") Instant deliveredAt,
                        @JsonProperty("last_error") String lastError,
                        @JsonProperty("attempts") List<DeliveryQueue.Attempt> attemptLog) {
    }

    /** The delivery log, newest first. */
    List<DeliveryView> deliveries(Optional<DeliveryState> state, Optional<String> endpoint, int limit);

    Optional<DeliveryView> delivery(UUID deliveryId);

    /**
     * Makes a delivery due now with a fresh schedule; false when it does not exist. A delivery being sent
     * right now keeps its claim: that attempt finishes and is recorded, and no second send starts beside it.
     */
    boolean retry(UUID deliveryId, Instant now);

    /**
     * Makes every stored event since {@code since} that the endpoint accepts due to it again (creating
     * deliveries it never had); returns how many.
     */
    int replay(WebhookEndpoint endpoint, Instant since, Instant now);

    /** Delivery counts by endpoint and state. */
    Map<String, Map<DeliveryState, Long>> counts();

    /** Stored outbox events. */
    long storedEvents();
}
