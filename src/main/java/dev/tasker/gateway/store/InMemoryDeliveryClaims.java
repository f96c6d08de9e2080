package dev.tasker.gateway.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Delivery claims held in this process instead of the store, for a store only this process can open (an
 * embedded H2 file, whose lock keeps every other process out, and whose claims are all released at start
 * anyway). A claim is then a map entry, not an update and a commit of the delivery's row: a delivery is
 * written once, when its attempt is recorded. The rules are the store's: a delivery claimed and not yet
 * recorded is not claimed again until its lease ends; recording the attempt ends the claim; a release makes
 * it due again at once.
 *
 * <p>The one subtle part is the end of a claim. A claim reads the due rows, then leaves out those held here.
 * A record commits the delivery's new state, then ends its claim here; a claim whose read began before that
 * commit still sees the delivery due, so the ended claim must still count for it. Ended claims are therefore
 * only marked, and removed by the next claim before it reads ({@link #claim}): whatever ended before that
 * read committed before it too, and whatever ends during it still counts as held. Claims run one at a time
 * (under this object's lock, whoever calls them). Thread-safe.
 */
public final class InMemoryDeliveryClaims {

    /** One claim: whose, until when, and whether its attempt is recorded (waiting to be removed). */
    private record Held(String endpoint, String workerId, long leaseUntil, boolean ended) {
    }

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    /**
     * Claims up to {@code limit} of the rows {@code due} reads, for {@code workerId} until {@code leaseUntil}.
     * {@code due} is asked for {@code limit} plus the claims this endpoint holds, so that rows held here do
     * not crowd out rows that are free; {@code id} is a row's delivery id.
     */
    synchronized <T> List<T> claim(String endpoint, int limit, long now, long leaseUntil, String workerId,
                      IntFunction<List<T>> due, Function<T, UUID> id) {
        held.values().removeIf(Held::ended);
        int holding = 0;
        for (Held claim : held.values()) {
            if (claim.endpoint().equals(endpoint)) {
                holding++;
            }
        }
        List<T> claimed = new ArrayList<>(limit);
        for (T candidate : due.apply(limit + holding)) {
            if (claimed.size() == limit) {
                break;
            }
            UUID deliveryId = id.apply(candidate);
            Held claim = held.get(deliveryId);
            if (claim == null || (!claim.ended() && claim.leaseUntil() < now)) { // free, or its lease ended
                held.put(deliveryId, new Held(endpoint, workerId, leaseUntil, false));
                claimed.add(candidate);
            }
        }
        return claimed;
    }

    /** The attempts of these deliveries are recorded (committed): their claims end. */
    void ended(Collection<UUID> deliveryIds) {
        for (UUID id : deliveryIds) {
            held.computeIfPresent(id, (key, claim) -> new Held(claim.endpoint(), claim.workerId(), claim.leaseUntil(),
                    true));
        }
    }

    /** Ends {@code workerId}'s claims on these deliveries, not attempted: due again at once. */
    void release(Collection<UUID> deliveryIds, String workerId) {
        for (UUID id : deliveryIds) {
            held.computeIfPresent(id, (key, claim) -> claim.workerId().equals(workerId) ? null : claim);
        }
    }

    /** Ends every claim {@code workerId} holds. */
    void releaseAll(String workerId) {
        held.values().removeIf(claim -> claim.workerId().equals(workerId));
    }

    /** Ends every claim. */
    void clear() {
        held.clear();
    }

    /** The claims whose attempts are not recorded yet (for tests). */
    int holding() {
        return (int) held.values().stream().filter(claim -> !claim.ended()).count();
    }
}
