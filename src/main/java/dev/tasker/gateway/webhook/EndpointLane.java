package dev.tasker.gateway.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * One endpoint's share of the {@link WebhookDispatcher}: its {@code max_in_flight} slots, and room for as many
 * deliveries claimed ahead of them. A slot whose attempt ended takes the next claimed delivery at once instead
 * of waiting for a claim round trip, and the dispatcher claims again while the slots are still busy. The room
 * ahead is filled by the dispatcher's claims and by deliveries handed over by the commit that stored them
 * ({@link DeliveryHandoff}), which reserve their place before that commit. Bounded: this instance never holds
 * more than {@code 2 x max_in_flight} claims of the endpoint that are reserved, waiting or being sent
 * (attempts sent and not yet recorded are bounded by the attempt writer). Thread-safe.
 */
final class EndpointLane {

    /** A delivery claimed by this instance until {@code leaseUntil}, not sent yet. */
    record Claimed(DeliveryQueue.DueDelivery delivery, Instant leaseUntil) {
    }

    private final WebhookEndpoint endpoint;
    private final Semaphore slots;
    /** The room ahead: a permit for each delivery that may wait in {@link #ready} or be reserved for it. */
    private final Semaphore room;
    private final ConcurrentLinkedQueue<Claimed> ready = new ConcurrentLinkedQueue<>();
    private final int ahead;
    /** Set when the endpoint is disabled (410 Gone, or seen disabled in the store): nothing more is sent. */
    private volatile boolean disabled;
    /**
     * Set when the last claim found fewer due deliveries than it asked for: claiming again finds none until
     * something changes in the store (a commit of unclaimed deliveries, a release, a retry coming due at the
     * next poll), so a slot running low does not wake the dispatcher for a claim that finds nothing.
     */
    private volatile boolean exhausted;

    EndpointLane(WebhookEndpoint endpoint) {
        this.endpoint = endpoint;
        this.slots = new Semaphore(endpoint.maxInFlight());
        this.ahead = endpoint.maxInFlight();
        this.room = new Semaphore(ahead);
    }

    WebhookEndpoint endpoint() {
        return endpoint;
    }

    /**
     * How many deliveries to claim now: the free slots and the room ahead of them; zero while every slot is busy
     * and more than half of the room is still taken, so that claims come in batches, not one by one.
     */
    int wanted() {
        int free = slots.availablePermits();
        int roomLeft = room.availablePermits();
        if (free == 0 && roomLeft < (ahead + 1) / 2) {
            return 0;
        }
        return free + roomLeft;
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
        if (!room.tryAcquire()) {
            return false;
        }
        ready.add(claimed);
        return true;
    }

    /** Holds a free slot for a delivery a commit is storing; false when there is none, or the lane is disabled. */
    boolean reserveSlot() {
        return !disabled && slots.tryAcquire();
    }

    /** Holds room ahead for a delivery a commit is storing; false when there is none, or the lane is disabled. */
    boolean reserveRoom() {
        return !disabled && room.tryAcquire();
    }

    /** Gives up room held by {@link #reserveRoom} (the commit failed). */
    void unreserve() {
        room.release();
    }

    /** Puts a reserved delivery in a free slot (true: the caller starts it) or, with its room, ahead of them. */
    boolean placeReserved(Claimed claimed) {
        if (slots.tryAcquire()) {
            room.release();
            return true;
        }
        ready.add(claimed);
        return false;
    }

    /** The oldest delivery claimed ahead, or null. */
    Claimed next() {
        if (disabled) {
            return null;
        }
        Claimed next = ready.poll();
        if (next != null) {
            room.release();
        }
        return next;
    }

    /** Whether the room ahead is at least half free (time to claim again). */
    boolean runningLow() {
        return room.availablePermits() >= (ahead + 1) / 2;
    }

    boolean disabled() {
        return disabled;
    }

    void disabled(boolean disabled) {
        this.disabled = disabled;
    }

    boolean exhausted() {
        return exhausted;
    }

    void exhausted(boolean exhausted) {
        this.exhausted = exhausted;
    }

    /** Removes and returns every delivery claimed ahead (to release their claims). */
    List<Claimed> drain() {
        List<Claimed> drained = new ArrayList<>();
        Claimed next;
        while ((next = ready.poll()) != null) {
            room.release();
            drained.add(next);
        }
        return drained;
    }
}
