package dev.tasker.gateway.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * One endpoint's share of the {@link WebhookDispatcher}: its {@code max_in_flight} slots, and up to as many
 * deliveries claimed ahead of them. A slot whose attempt ended takes the next claimed delivery at once instead
 * of waiting for a claim round trip, and the dispatcher claims again while the slots are still busy. Bounded:
 * this instance never holds more than {@code 2 x max_in_flight} claims of the endpoint that are waiting or
 * being sent (attempts sent and not yet recorded are bounded by the attempt writer). Thread-safe: only the
 * dispatcher's loop adds to {@link #ready}; workers take from it.
 */
final class EndpointLane {

    /** A delivery claimed by this instance until {@code leaseUntil}, not sent yet. */
    record Claimed(DeliveryQueue.DueDelivery delivery, Instant leaseUntil) {
    }

    private final WebhookEndpoint endpoint;
    private final Semaphore slots;
    private final BlockingQueue<Claimed> ready;
    private final int ahead;
    /** Set when the endpoint is disabled (410 Gone, or seen disabled in the store): nothing more is sent. */
    private volatile boolean disabled;

    EndpointLane(WebhookEndpoint endpoint) {
        this.endpoint = endpoint;
        this.slots = new Semaphore(endpoint.maxInFlight());
        this.ahead = endpoint.maxInFlight();
        this.ready = new ArrayBlockingQueue<>(ahead);
    }

    WebhookEndpoint endpoint() {
        return endpoint;
    }

    /**
     * How many deliveries to claim now: the free slots and the room ahead of them; zero while every slot is busy
     * and more than half of the room is still claimed, so that claims come in batches, not one by one.
     */
    int wanted() {
        int free = slots.availablePermits();
        int room = ready.remainingCapacity();
        if (free == 0 && room < (ahead + 1) / 2) {
            return 0;
        }
        return free + room;
    }

    /** Takes a free slot, if there is one; the caller runs an attempt in it and then {@link #release}s it. */
    boolean tryTakeSlot() {
        return slots.tryAcquire();
    }

    void release() {
        slots.release();
    }

    /** Keeps a claimed delivery for the next free slot; false when there is no room (never, if within wanted()). */
    boolean offer(Claimed claimed) {
        return ready.offer(claimed);
    }

    /** The oldest delivery claimed ahead, or null. */
    Claimed next() {
        return disabled ? null : ready.poll();
    }

    /** Whether the room ahead is at least half free (time to claim again). */
    boolean runningLow() {
        return ready.remainingCapacity() >= (ahead + 1) / 2;
    }

    boolean disabled() {
        return disabled;
    }

    void disabled(boolean disabled) {
        this.disabled = disabled;
    }

    /** Removes and returns every delivery claimed ahead (to release their claims). */
    List<Claimed> drain() {
        List<Claimed> drained = new ArrayList<>();
        ready.drainTo(drained);
        return drained;
    }

    /** Claims held: waiting ahead plus being sent. */
    int held() {
        return ready.size() + endpoint.maxInFlight() - slots.availablePermits();
    }
}
