package dev.tasker.gateway.webhook;

import java.time.Instant;

/**
 * Deliveries handed straight to this instance's {@link WebhookDispatcher} by the commit that stores them. The
 * group commit asks for a {@link Reservation} for each new delivery that is due at once; with one, it stores
 * the delivery already claimed by this instance (the same lease a claim takes), and after the commit hands the
 * delivery, body and all, to the endpoint's slots: no claim query, no body read back, no claim transaction.
 * Without one (the endpoint's slots and room ahead are full, it is disabled, the dispatcher is stopping), the
 * delivery is stored unclaimed and claimed as before. A claim stored this way is like any other: if this
 * instance dies before the attempt is recorded, the lease ends and the delivery is sent again (at-least-once,
 * the same {@code webhook-id}). Thread-safe.
 */
public interface DeliveryHandoff {

    /** Hands nothing over: every delivery is stored unclaimed. */
    DeliveryHandoff NONE = (endpoint, dueAt) -> null;

    /**
     * Room for one new delivery of {@code endpoint} due at {@code dueAt}, or null (store it unclaimed). The
     * caller ends every reservation it got, with {@link Reservation#handOver} after its commit or
     * {@link Reservation#cancel} when the commit failed.
     */
    Reservation reserve(String endpoint, Instant dueAt);

    /** Room held for one delivery in an endpoint's lane until it is handed over or cancelled. */
    interface Reservation {

        /** Who the delivery is stored claimed by. */
        String workerId();

        /** Until when it is stored claimed. */
        Instant leaseUntil();

        /** The commit stored the delivery claimed as above: this instance sends it. */
        void handOver(DeliveryQueue.DueDelivery delivery);

        /** The commit failed: nothing was stored, the room is free again. */
        void cancel();
    }
}
