package dev.tasker.gateway.store;

import dev.tasker.gateway.webhook.DeliveryQueue.Attempt;
import dev.tasker.gateway.webhook.DeliveryQueue.Completion;
import dev.tasker.gateway.webhook.DeliveryQueue.DueDelivery;
import dev.tasker.gateway.webhook.DeliveryState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records delivery attempts with group commit: one writer thread takes every attempt waiting (up to a batch
 * limit) and records them in one transaction: each delivery's new state, its attempt row and its endpoint's
 * failure count. A delivery's state and its attempt are always in the same transaction, so after any crash a
 * delivery is marked delivered only with the attempt that delivered it, and an attempt not committed leaves
 * its delivery claimed until the lease ends (then it is sent again, with the same {@code webhook-id}).
 * Callers of {@link #record} block until their batch committed; callers of {@link #recordLater} only while
 * the queue is full: it has a fixed capacity, so recording that falls behind holds back the next attempts.
 * If a batch fails, its attempts are recorded one transaction each, so one bad record fails only its caller.
 * While steps are being committed, the attempts waiting ride in the steps' group commit instead
 * ({@link #takeRiders}): one transaction less for each, the same guarantees, since a delivery's state and its
 * attempt still commit together; the writer thread takes them again once no step commit came for a while.
 * Thread-safe.
 */
public final class AttemptWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptWriter.class);
    private static final int MAX_BATCH = 256;
    private static final int CAPACITY = 4096;
    /**
     * How long the writer waits for more attempts after the first of a batch. Every H2 commit rewrites the
     * touched pages whatever the number of rows, so fewer, larger batches cost less; the wait holds back no
     * attempt (its slot is free already), only the end of its delivery's claim; a crash in that time sends
     * the attempts of that wait again (same webhook-id). 10 ms: about twice the attempts a commit of 3 ms
     * (30 -> 55-60 in a drain of 10,000 on H2).
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** One attempt to record, of a delivery {@code workerId} claimed. */
    record Pending(DueDelivery delivery, String workerId, Completion completion, CompletableFuture<Void> done) {
    }

    private final Database database;
    private final Duration writeTimeout;
    /** Claims held in memory, ended here once their attempts commit; null: claims are in the store. */
    private final InMemoryDeliveryClaims heldClaims;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    /**
     * The one attempt the writer thread took from the queue while step commits were taking them: given back to
     * them, first in line (and taken again by the writer thread once they stop).
     */
    private final AtomicReference<Pending> handedBack = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /**
     * Until when (System.nanoTime()) the step group commit is expected to take the attempts waiting; the writer
     * thread leaves them to it until then.
     */
    private volatile long ridersTakenUntil = System.nanoTime();
    /**
     * How long after a step commit took the attempts the writer thread leaves them to the next one: 20 ms, so
     * that an attempt waits at most that long for a commit (its slot is free already, only its claim's end
     * waits) and the writer thread takes over once steps stop.
     */
    private final long rideWindowNanos;

    public AttemptWriter(Database database, Duration writeTimeout) {
        this(database, writeTimeout, null);
    }

    /**
     * @param heldClaims the claims held in memory ({@link JdbcDeliveryQueue} claims with them), or null for
     *                   claims written to the store
     */
    public AttemptWriter(Database database, Duration writeTimeout, InMemoryDeliveryClaims heldClaims) {
        this(database, writeTimeout, Duration.ofMillis(20), heldClaims);
    }

    /** @param rideWindow how long the writer thread leaves the waiting attempts to the step commits after one */
    AttemptWriter(Database database, Duration writeTimeout, Duration rideWindow, InMemoryDeliveryClaims heldClaims) {
        this.heldClaims = heldClaims;
        this.rideWindowNanos = rideWindow.toNanos();
        this.database = Objects.requireNonNull(database, "database");
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
        this.thread = new Thread(this::run, "store-attempt-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Records one attempt and releases the delivery's claim, sharing the transaction with whatever else waits.
     * Nothing is recorded when this worker no longer holds the claim (its lease ended and someone else owns
     * the delivery).
     *
     * @throws StoreException when the record failed or did not commit within the write timeout
     */
    public void record(DueDelivery delivery, String workerId, Completion completion) {
        CompletableFuture<Void> done = recordLater(delivery, workerId, completion);
        try {
            done.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException store) {
                throw store;
            }
            throw new StoreException("cannot record a delivery attempt: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("the delivery attempt was not recorded within " + writeTimeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while recording a delivery attempt", e);
        }
    }

    /**
     * Queues one attempt to record (see {@link #record}); waits only while the queue is full, at most the
     * write timeout. The future completes on the writer thread once the attempt's batch committed, or
     * exceptionally with a {@link StoreException}.
     */
    public CompletableFuture<Void> recordLater(DueDelivery delivery, String workerId, Completion completion) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed", null));
        }
        try {
            if (!queue.offer(new Pending(delivery, workerId, completion, done), writeTimeout.toMillis(),
                    TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new StoreException("the attempt writer is full", null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new StoreException("interrupted while recording a delivery "
                    + "attempt", e));
        }
        return done;
    }

    /** The claims held in memory, or null when claims are in the store. */
    InMemoryDeliveryClaims heldClaims() {
        return heldClaims;
    }

    /** Attempts recorded so far, and the transactions they took (attempts / batches is the group size). */
    public long attempts() {
        return attempts.get();
    }

    public long batches() {
        return batches.get();
    }

    /**
     * For the step group commit, about to commit a batch of steps: the attempts waiting (at most {@code max}),
     * to be written with {@link #writeRiders} in its transaction and ended with {@link #ridersCommitted} or, if
     * it failed, {@link #ridersFailed}. The writer thread leaves the attempts to the step commits from now on,
     * as long as they keep coming.
     */
    List<Pending> takeRiders(int max) {
        ridersTakenUntil = System.nanoTime() + rideWindowNanos;
        List<Pending> riders = new ArrayList<>();
        Pending back = handedBack.getAndSet(null);
        if (back != null) {
            riders.add(back);
        }
        queue.drainTo(riders, max - riders.size());
        return riders;
    }

    /** Writes the riders' records in {@code connection}'s transaction (not committed here). */
    void writeRiders(Connection connection, List<Pending> riders) throws SQLException {
        writeRecords(connection, riders, heldClaims != null);
    }

    /**
     * Writes the records; {@code claimsInMemory}: the deliveries' rows hold no claim (or one the step commit
     * stored for this instance), their claims are held in memory.
     */
    private static void writeRecords(Connection connection, List<Pending> riders, boolean claimsInMemory)
            throws SQLException {
        if (riders.isEmpty()) {
            return;
        }
        List<Pending> owned = updateDeliveries(connection, riders, claimsInMemory);
        insertAttempts(connection, owned);
        updateEndpoints(connection, owned);
    }

    /** The riders' transaction committed: they are recorded. */
    void ridersCommitted(List<Pending> riders) {
        if (riders.isEmpty()) {
            return;
        }
        attempts.addAndGet(riders.size());
        batches.incrementAndGet();
        endClaims(riders);
        riders.forEach(p -> p.done().complete(null));
    }

    /** The records committed: their claims held in memory end (the next claim sees the rows as committed). */
    private void endClaims(List<Pending> recorded) {
        if (heldClaims != null) {
            heldClaims.ended(recorded.stream().map(p -> p.delivery().deliveryId()).toList());
        }
    }

    /** The riders' transaction failed: they are recorded on their own (one by one if need be). */
    void ridersFailed(List<Pending> riders) {
        if (!riders.isEmpty()) {
            writeBatch(riders);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty() || handedBack.get() != null) {
            try {
                Pending first = handedBack.getAndSet(null);
                if (first == null) {
                    first = queue.poll(200, TimeUnit.MILLISECONDS);
                }
                if (first == null) {
                    continue;
                }
                long leftToRiders = ridersTakenUntil - System.nanoTime();
                if (running && leftToRiders > 0) { // step commits are taking the attempts: theirs, first in line
                    handedBack.set(first);
                    TimeUnit.NANOSECONDS.sleep(Math.min(leftToRiders, TimeUnit.MILLISECONDS.toNanos(200)));
                    continue;
                }
                batch.add(first);
                long until = System.nanoTime() + LINGER_NANOS;
                for (long left = LINGER_NANOS; batch.size() < MAX_BATCH && left > 0; left = until - System.nanoTime()) {
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                    Pending more = batch.size() < MAX_BATCH ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (more != null) {
                        batch.add(more);
                    }
                }
                writeBatch(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("delivery attempt writer failed", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left = handedBack.getAndSet(null);
        if (left != null) {
            left.done().completeExceptionally(new StoreException("the store is closed", null));
        }
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new StoreException("the store is closed", null));
        }
    }

    private void writeBatch(List<Pending> batch) {
        try {
            writeInOneTransaction(batch);
            attempts.addAndGet(batch.size());
            batches.incrementAndGet();
            endClaims(batch);
            batch.forEach(p -> p.done().complete(null));
        } catch (SQLException batchFailed) {
            if (batch.size() > 1) {
                LOG.warn("recording {} delivery attempts together failed ({}); recording them one by one",
                        batch.size(), batchFailed.getMessage());
            }
            for (Pending pending : batch) {
                try {
                    writeInOneTransaction(List.of(pending));
                    attempts.incrementAndGet();
                    batches.incrementAndGet();
                    endClaims(List.of(pending));
                    pending.done().complete(null);
                } catch (SQLException e) {
                    pending.done().completeExceptionally(new StoreException("cannot record a delivery attempt: "
                            + e.getMessage(), e));
                }
            }
        }
    }

    /** Records one attempt in its own transaction, without a writer thread (what {@link #record} does alone). */
    static void recordAlone(Database database, DueDelivery delivery, String workerId, Completion completion) {
        try {
            writeInOneTransaction(database, List.of(new Pending(delivery, workerId, completion, null)), false);
        } catch (SQLException e) {
            throw new StoreException("cannot record a delivery attempt: " + e.getMessage(), e);
        }
    }

    private void writeInOneTransaction(List<Pending> batch) throws SQLException {
        writeInOneTransaction(database, batch, heldClaims != null);
    }

    private static void writeInOneTransaction(Database database, List<Pending> batch, boolean claimsInMemory)
            throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                writeRecords(connection, batch, claimsInMemory);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static String lastError(Completion completion) {
        Attempt attempt = completion.attempt();
        return attempt.error() != null ? attempt.error()
                : completion.state() == DeliveryState.DELIVERED ? null : "HTTP " + attempt.statusCode();
    }

    /**
     * Sets each delivery's outcome where its claim and attempt count are still the ones claimed; where an
     * operator retried it meanwhile (attempts reset, claim kept), only releases the claim, so that the reset
     * stands and it is sent again at once. Returns the attempts whose worker still held the claim: those are
     * logged; the others' lease ended and someone else owns the delivery now. With claims held in memory, the
     * row holds no claim (or the one the step commit stored for this instance), and this process, the store's
     * only user, holds the claim: only the attempt count is checked.
     */
    private static List<Pending> updateDeliveries(Connection connection, List<Pending> batch, boolean claimsInMemory)
            throws SQLException {
        String claimHeld = claimsInMemory ? "(claimed_by = ? OR claimed_by IS NULL)" : "claimed_by = ?";
        int[] updated;
        try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_deliveries SET state = ?, "
                + "attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, "
                + "claimed_by = NULL, claimed_until = NULL, updated_at = ?, delivered_at = ? "
                + "WHERE delivery_id = ? AND " + claimHeld + " AND attempts = ?")) {
            for (Pending p : batch) {
                Completion completion = p.completion();
                Attempt attempt = completion.attempt();
                update.setString(1, completion.state().name());
                update.setLong(2, completion.nextAttemptAt().toEpochMilli());
                setInteger(update, 3, attempt.statusCode());
                update.setString(4, lastError(completion));
                update.setLong(5, attempt.attemptedAt().toEpochMilli());
                if (completion.state() == DeliveryState.DELIVERED) {
                    update.setLong(6, attempt.attemptedAt().toEpochMilli());
                } else {
                    update.setNull(6, Types.BIGINT);
                }
                update.setObject(7, p.delivery().deliveryId());
                update.setString(8, p.workerId());
                update.setInt(9, p.delivery().attempts());
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        List<Pending> owned = new ArrayList<>();
        List<Pending> reset = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            (updated[i] == 0 ? reset : owned).add(batch.get(i));
        }
        if (reset.isEmpty()) {
            return owned;
        }
        try (PreparedStatement release = connection.prepareStatement("UPDATE webhook_deliveries SET "
                + "last_status = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                + "WHERE delivery_id = ? AND " + claimHeld)) {
            for (Pending p : reset) {
                setInteger(release, 1, p.completion().attempt().statusCode());
                release.setString(2, lastError(p.completion()));
                release.setLong(3, p.completion().attempt().attemptedAt().toEpochMilli());
                release.setObject(4, p.delivery().deliveryId());
                release.setString(5, p.workerId());
                release.addBatch();
            }
            int[] released = release.executeBatch();
            for (int i = 0; i < reset.size(); i++) {
                if (released[i] != 0) {
                    owned.add(reset.get(i));
                }
            }
        }
        return owned;
    }

    private static void insertAttempts(Connection connection, List<Pending> owned) throws SQLException {
        if (owned.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO delivery_attempts "
                + "(delivery_id, attempt_no, attempted_at, status_code, error, duration_ms, worker_id) VALUES "
                + "(?, (SELECT COALESCE(MAX(attempt_no), 0) + 1 FROM delivery_attempts WHERE delivery_id = ?), "
                + "?, ?, ?, ?, ?)")) {
            for (Pending p : owned) {
                Attempt attempt = p.completion().attempt();
                insert.setObject(1, p.delivery().deliveryId());
                insert.setObject(2, p.delivery().deliveryId());
                insert.setLong(3, attempt.attemptedAt().toEpochMilli());
                setInteger(insert, 4, attempt.statusCode());
                insert.setString(5, attempt.error());
                insert.setLong(6, attempt.durationMs());
                insert.setString(7, p.workerId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * One update a endpoint for the whole batch, with the same result as one update an attempt in order: a
     * success resets the consecutive failures, a failure adds one. A batch that leaves the count as it is (the
     * usual one: all delivered, none failing before) writes nothing, so that instances sharing a store do not
     * queue behind each other's lock on the endpoint's row on every batch; {@code updated_at} is the time of
     * the last change.
     */
    private static void updateEndpoints(Connection connection, List<Pending> owned) throws SQLException {
        record Tally(boolean anySuccess, int failuresAfterLastSuccess, long updatedAt) {
        }
        // by name: transactions that lock several endpoints' rows lock them in one order, so two of them (two
        // instances, or a step commit with riders beside the attempt writer) wait for each other, never deadlock
        Map<String, Tally> tallies = new TreeMap<>();
        for (Pending p : owned) {
            boolean success = p.completion().endpointSucceeded();
            long at = p.completion().attempt().attemptedAt().toEpochMilli();
            tallies.merge(p.delivery().endpoint(), new Tally(success, success ? 0 : 1, at), (before, now) ->
                    new Tally(before.anySuccess() || now.anySuccess(),
                            now.anySuccess() ? 0 : before.failuresAfterLastSuccess() + 1,
                            Math.max(before.updatedAt(), now.updatedAt())));
        }
        if (tallies.isEmpty()) {
            return;
        }
        try (PreparedStatement reset = connection.prepareStatement("UPDATE webhook_endpoint_state SET "
                + "consecutive_failures = ?, updated_at = ? WHERE endpoint = ? AND consecutive_failures <> ?");
             PreparedStatement add = connection.prepareStatement("UPDATE webhook_endpoint_state SET "
                     + "consecutive_failures = consecutive_failures + ?, updated_at = ? WHERE endpoint = ?")) {
            for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
                PreparedStatement statement = entry.getValue().anySuccess() ? reset : add;
                statement.setInt(1, entry.getValue().failuresAfterLastSuccess());
                statement.setLong(2, entry.getValue().updatedAt());
                statement.setString(3, entry.getKey());
                if (statement == reset) {
                    statement.setInt(4, entry.getValue().failuresAfterLastSuccess());
                }
                statement.executeUpdate();
            }
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(writeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
