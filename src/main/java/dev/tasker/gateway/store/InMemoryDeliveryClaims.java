package dev.tasker.gateway.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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
 * (the caller holds a lock around them). Thread-safe.
 */
public final class InMemoryDeliveryClaims {

    /**
     * How long a claim may read from its endpoint's cursor before it reads all due rows again: a delivery that
     * falls due behind the cursor (a retry coming due, a late commit) waits at most about this long more.
     */
    static final long FULL_READ_EVERY_MS = 1_000;

    /** One claim: of which endpoint's row (due at {@code at}), whose, until when, whether its attempt is recorded. */
    private record Held(String endpoint, long at, String workerId, long leaseUntil, boolean ended) {
    }

    /**
     * Where an endpoint's next claim starts reading: at the newest row the last claim took (every row it holds
     * is at or after it, no free row before it unless one fell due since), and when all due rows were last read.
     */
    private record Cursor(long at, long fullReadAt) {
    }

    /** Reads an endpoint's due rows whose next attempt is at or after {@code fromAt}, oldest first, at most {@code rows}. */
    @FunctionalInterface
    interface DueRows<T> {
        List<T> read(long fromAt, int rows);
    }

    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

    /**
     * Claims up to {@code limit} of the rows {@code due} reads, for {@code workerId} until {@code leaseUntil}.
     * A claim reads from its endpoint's cursor, so that the rows it holds (the oldest due ones, mostly) are not
     * read again and again, and asks for as many more rows as it holds at or after the cursor, so that those do
     * not crowd out rows that are free. It reads all due rows instead when that comes up short, after a release,
     * and at least every {@link #FULL_READ_EVERY_MS}, so that a row that fell due behind the cursor is taken.
     *
     * @param id a row's delivery id
     * @param at a row's next attempt time (what the rows are ordered by)
     */
    <T> List<T> claim(String endpoint, int limit, long now, long leaseUntil, String workerId, DueRows<T> due,
                      Function<T, UUID> id, ToLongFunction<T> at) {
        held.values().removeIf(Held::ended);
        List<T> claimed = new ArrayList<>(limit);
        Cursor cursor = cursors.get(endpoint);
        if (cursor != null && now >= cursor.fullReadAt() && now - cursor.fullReadAt() < FULL_READ_EVERY_MS) {
            take(endpoint, due.read(cursor.at(), limit + heldFrom(endpoint, cursor.at())), limit, now, leaseUntil,
                    workerId, id, at, claimed);
            if (claimed.size() == limit) {
                cursors.put(endpoint, new Cursor(Math.max(cursor.at(), newest(claimed, at)), cursor.fullReadAt()));
                return claimed;
            }
        }
        take(endpoint, due.read(Long.MIN_VALUE, limit - claimed.size() + heldFrom(endpoint, Long.MIN_VALUE)), limit,
                now, leaseUntil, workerId, id, at, claimed);
        cursors.put(endpoint, new Cursor(newest(claimed, at), now));
        return claimed;
    }

    private static <T> long newest(List<T> rows, ToLongFunction<T> at) {
        long newest = Long.MIN_VALUE;
        for (T row : rows) {
            newest = Math.max(newest, at.applyAsLong(row));
        }
        return newest;
    }

    private <T> void take(String endpoint, List<T> rows, int limit, long now, long leaseUntil, String workerId,
                          Function<T, UUID> id, ToLongFunction<T> at, List<T> claimed) {
        for (T candidate : rows) {
            if (claimed.size() == limit) {
                return;
            }
            UUID deliveryId = id.apply(candidate);
            Held claim = held.get(deliveryId);
            if (claim == null || (!claim.ended() && claim.leaseUntil() < now)) { // free, or its lease ended
                held.put(deliveryId, new Held(endpoint, at.applyAsLong(candidate), workerId, leaseUntil, false));
                claimed.add(candidate);
            }
        }
    }

    /** The claims held on the endpoint's rows due at or after {@code at}. */
    private int heldFrom(String endpoint, long at) {
        int holding = 0;
        for (Held claim : held.values()) {
            if (claim.endpoint().equals(endpoint) && claim.at() >= at) {
                holding++;
            }
        }
        return holding;
    }

    /** The attempts of these deliveries are recorded (committed): their claims end. */
    void ended(Collection<UUID> deliveryIds) {
        for (UUID id : deliveryIds) {
            held.computeIfPresent(id, (key, claim) -> new Held(claim.endpoint(), claim.at(), claim.workerId(),
                    claim.leaseUntil(), true));
        }
    }

    /** Ends {@code workerId}'s claims on these deliveries, not attempted: due again at once. */
    void release(Collection<UUID> deliveryIds, String workerId) {
        cursors.clear(); // due again at once: the next claims read all due rows
        for (UUID id : deliveryIds) {
            held.computeIfPresent(id, (key, claim) -> claim.workerId().equals(workerId) ? null : claim);
        }
    }

    /** Ends every claim {@code workerId} holds. */
    void releaseAll(String workerId) {
        cursors.clear();
        held.values().removeIf(claim -> claim.workerId().equals(workerId));
    }

    /** Ends every claim. */
    void clear() {
        cursors.clear();
        held.clear();
    }

    /** The claims whose attempts are not recorded yet (for tests and the delivery stats). */
    int holding() {
        return (int) held.values().stream().filter(claim -> !claim.ended()).count();
    }
}
