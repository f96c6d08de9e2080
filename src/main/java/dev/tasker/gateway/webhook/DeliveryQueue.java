package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The durable deliveries as the dispatcher sees them: claims, attempts, endpoint states. Claims are leases: a claimed
 * delivery is not handed to anyone else until its lease ends, so two instances never attempt the same
 * delivery at once; a claim of an instance that died ends with its lease. Implementations are thread-safe
 * and throw unchecked exceptions when the store fails.
 */
public interface DeliveryQueue {

    /**
     * A claimed delivery with what it takes to send it. {@code attempts} counts this round's attempts so far;
     * {@code cloudEvent} is null for an event stored without its CloudEvents attributes (they are read from
     * the body when it is sent).
     */
    record DueDelivery(UUID deliveryId, UUID eventId, String endpoint, String eventName, int attempts, String body,
                       CloudEventAttributes cloudEvent, String traceparent) {

        /** A delivery whose CloudEvents attributes are read from its body when it is sent. */
        public DueDelivery(UUID deliveryId, UUID eventId, String endpoint, String eventName, int attempts,
                           String body, String traceparent) {
            this(deliveryId, eventId, endpoint, eventName, attempts, body, null, traceparent);
        }
    }

    /** One attempt as the delivery log shows it: a status code or an error, never both null. */
    record Attempt(@JsonProperty("attempted_at") Instant attemptedAt,
                   @JsonProperty("status_code") Integer statusCode,
                   @JsonProperty("error") String error,
                   @JsonProperty("duration_ms") long durationMs) {
    }

    /** What an attempt leads to. */
    record Completion(Attempt attempt, DeliveryState state, Instant nextAttemptAt, boolean endpointSucceeded) {
    }

    /** Failure count and disabled state of one endpoint, shared by every instance. */
    record EndpointStatus(int consecutiveFailures, String disabledReason, Instant disabledAt) {
        public boolean disabled() {
            return disabledReason != null;
        }
    }

    /** Claims up to {@code limit} due deliveries of one endpoint until {@code leaseUntil}. */
    List<DueDelivery> claimDue(String endpoint, int limit, Instant now, Instant leaseUntil, String workerId);

    /** Records an attempt of a delivery this worker claimed and releases the claim. */
    void complete(DueDelivery delivery, String workerId, Completion completion);

    /**
     * Like {@link #complete} without waiting: the future completes once the attempt is recorded (or
     * exceptionally when it could not be). The delivery stays claimed until then, so no one sends it again
     * meanwhile. May block while too many records wait (back-pressure). By default records at once.
     */
    default java.util.concurrent.CompletableFuture<Void> completeLater(DueDelivery delivery, String workerId,
                                                                       Completion completion) {
        try {
            complete(delivery, workerId, completion);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Ends this worker's claims on these deliveries, not attempted (claimed ahead, then not sent): they are due
     * again at once (a retry that reset one meanwhile stands). A claim this worker no longer holds is left.
     */
    void release(List<DueDelivery> deliveries, String workerId);

    /** Ends every claim this worker holds (on a clean stop, or at start of a single-instance store). */
    void releaseClaims(String workerId);

    /** Ends every claim (only for a store one instance uses alone, at its start). */
    void releaseAllClaims();

    /** Makes sure every endpoint has a status row. */
    void registerEndpoints(List<String> endpoints);

    Map<String, EndpointStatus> endpointStatuses();

    /** Disables ({@code reason} not null) or enables ({@code reason} null) an endpoint. */
    void setEndpointDisabled(String endpoint, String reason, Instant now);

    /** Disables an endpoint that answered {@code 410 Gone} to an attempt (outbox or fast) made then. */
    default void disableAsGone(String endpoint, Instant attemptedAt, Instant now) {
        setEndpointDisabled(endpoint, "410 Gone at " + attemptedAt, now);
    }
}
