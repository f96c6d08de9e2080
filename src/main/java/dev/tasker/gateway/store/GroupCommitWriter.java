package dev.tasker.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.tasker.gateway.execution.StepClaim;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.webhook.DeliveryHandoff;
import dev.tasker.gateway.webhook.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link StepCommit}s with group commit: one writer thread takes every commit waiting in its queue
 * (up to a batch limit) and writes them in one transaction, so concurrent steps share one commit. Callers
 * block in {@link #write} until their batch is committed. If a batch fails, its commits are retried one
 * transaction each, so one bad commit fails only its own caller. A result already stored for the same key
 * (another instance ran the same attempt, or committed it first while both ran) keeps the stored one: the
 * commit then writes nothing and {@link #write} returns the stored result, so that both callers answer the
 * same result. Claims on attempts ({@code step_claims}, for stores several instances share) go through the
 * same queue and transactions, and a result's commit releases its claim. A new delivery that is due at once is
 * stored claimed by this instance when the {@link DeliveryHandoff} has room for it, and handed over after the
 * commit (no claim round trip); the others are stored unclaimed, and the dispatcher is woken for them.
 * Thread-safe.
 */
public final class GroupCommitWriter implements AutoCloseable {

    private static final String INSERT_RESULT = "INSERT INTO step_results "
            + "(step_uuid, attempts, result_json, fingerprint, stored_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 256;

    /**
     * A commit, a claim or (neither) a barrier waiting for the writer; {@code done} completes with its answer,
     * a barrier's once everything queued before it is written.
     */
    private record Pending(StepCommit commit, ClaimRequest claim, CompletableFuture<Object> done) {
        boolean barrier() {
            return commit == null && claim == null;
        }
    }

    /**
     * The result already stored for a commit's key, which stays stored.
     *
     * @param fingerprint its encoded fingerprint, null when it was stored without one
     */
    public record Kept(String resultJson, String fingerprint) {
    }

    private final Database database;
    /**
     * Whether each result's key is looked up before it is inserted: on a store others share, another instance
     * may have stored it (its result is then answered); on one this process alone writes, the executor already
     * looked, so a batch is inserted at once and only a failed one is written again, looking.
     */
    private final boolean lookFirst;
    private final Duration writeTimeout;
    private final DeliveryHandoff handoff;
    /** Whose waiting attempt records ride in the step commits; null: none do. */
    private final AttemptWriter riders;
    private final Runnable afterCommit;
    /** Told each result's key before it is inserted; null: no filter in front of the lookups. */
    private final StoredKeys keys;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long commits;
    /** Deliveries the batch being written stored unclaimed (the writer thread's own). */
    private int unclaimedStored;
    private volatile long batches;

    /**
     * @param afterCommit called on the writer thread after each committed batch (wakes the delivery workers)
     */
    public GroupCommitWriter(Database database, Duration writeTimeout, Runnable afterCommit) {
        this(database, writeTimeout, DeliveryHandoff.NONE, afterCommit);
    }

    /**
     * @param handoff     takes new deliveries due at once straight from their commit, as far as it has room
     * @param afterCommit called on the writer thread after a committed batch stored deliveries unclaimed (wakes
     *                    the dispatcher to claim them)
     */
    public GroupCommitWriter(Database database, Duration writeTimeout, DeliveryHandoff handoff, Runnable afterCommit) {
        this(database, writeTimeout, handoff, null, afterCommit);
    }

    /**
     * @param riders the attempt writer whose waiting records are written in each step batch's transaction (one
     *               commit for both), or null
     */
    public GroupCommitWriter(Database database, Duration writeTimeout, DeliveryHandoff handoff, AttemptWriter riders,
                             Runnable afterCommit) {
        this(database, writeTimeout, handoff, riders, null, afterCommit);
    }

    /**
     * @param keys told each result's key before its insert (the filter in front of the idempotency lookups of
     *             a store this process alone writes), or null
     */
    public GroupCommitWriter(Database database, Duration writeTimeout, DeliveryHandoff handoff, AttemptWriter riders,
                             StoredKeys keys, Runnable afterCommit) {
        this.riders = riders;
        this.keys = keys;
        this.database = Objects.requireNonNull(database, "database");
        this.lookFirst = !database.exclusive();
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
        this.thread = new Thread(this::run, "store-group-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Commits one step's record, sharing the transaction with whatever else is waiting.
     *
     * @return empty when this commit was written; the stored result when an unexpired result for the same
     *         key was already stored, in which case nothing of this commit (result, events) was written
     * @throws StoreException when the commit failed or did not finish within the write timeout
     */
    @SuppressWarnings("unchecked")
    public Optional<Kept> write(StepCommit commit) {
        return (Optional<Kept>) await(new Pending(Objects.requireNonNull(commit, "commit"), null,
                new CompletableFuture<>()));
    }

    /**
     * Claims an attempt ({@link ClaimStatements#claim}) in a transaction shared with whatever else is waiting.
     *
     * @throws StoreException when the claim failed or did not finish within the write timeout
     */
    StepClaim claim(ClaimRequest claim) {
        return (StepClaim) await(new Pending(null, Objects.requireNonNull(claim, "claim"), new CompletableFuture<>()));
    }

    /**
     * Returns once every commit and claim queued before the call is written (committed or failed).
     *
     * @throws StoreException when that did not happen within the write timeout
     */
    public void barrier() {
        await(new Pending(null, null, new CompletableFuture<>()));
    }

    private Object await(Pending pending) {
        if (!running) {
            throw new StoreException("the store is closed", null);
        }
        CompletableFuture<Object> done = pending.done();
        queue.add(pending);
        try {
            return done.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StoreException("the store did not commit the step: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("the store did not commit the step within " + writeTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e);
        }
    }

    /**
     * Step commits written so far (claims not counted), and the transactions they and the claims took
     * (commits / batches is the group size).
     */
    public long commits() {
        return commits;
    }

    public long batches() {
        return batches;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("group commit writer failed", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new StoreException("the store is closed", null));
        }
    }

    private void writeBatch(List<Pending> taken) {
        List<Pending> barriers = taken.stream().filter(Pending::barrier).toList();
        List<Pending> batch = barriers.isEmpty() ? taken : taken.stream().filter(p -> !p.barrier()).toList();
        try {
            if (!batch.isEmpty()) {
                writeSteps(batch);
            }
        } finally {
            barriers.forEach(b -> b.done().complete(null)); // all before each barrier is written by now
        }
    }

    private void writeSteps(List<Pending> batch) {
        unclaimedStored = 0;
        if (keys != null) {
            batch.stream().filter(p -> p.commit() != null).forEach(p -> keys.add(p.commit().key()));
        }
        try {
            Map<Pending, Object> answers = writeInOneTransaction(batch, lookFirst, true);
            commits += batch.stream().filter(p -> p.commit() != null).count();
            batches++;
            batch.forEach(p -> p.done().complete(answers.get(p)));
        } catch (SQLException batchFailed) {
            // one by one: a bad commit fails only its caller, and a commit that lost a race for its key to
            // another instance (a unique violation) now finds the winner's result stored and answers it
            if (batch.size() > 1 && lookFirst) {
                LOG.warn("group commit of {} steps failed ({}); committing them one by one", batch.size(),
                        batchFailed.getMessage());
            } else if (batch.size() > 1) {
                LOG.debug("group commit of {} steps failed ({}), a key already stored is likely; committing them "
                        + "one by one, looking first", batch.size(), batchFailed.getMessage());
            }
            for (Pending pending : batch) {
                try {
                    Map<Pending, Object> answers = writeInOneTransaction(List.of(pending), true, false);
                    commits += pending.commit() != null ? 1 : 0;
                    batches++;
                    pending.done().complete(answers.get(pending));
                } catch (SQLException e) {
                    pending.done().completeExceptionally(e);
                }
            }
        }
        if (unclaimedStored == 0) {
            return; // nothing for the dispatcher to claim: no delivery, or every one handed over
        }
        try {
            afterCommit.run();
        } catch (RuntimeException e) {
            LOG.warn("after-commit hook failed: {}", e.toString());
        }
    }

    /**
     * @return each pending's answer: a commit's {@code Optional<Kept>} (the result already stored for its key,
     *         when it wrote nothing), a claim's {@link StepClaim}
     */
    /**
     * @param lookFirst whether each result's key is looked up before it is inserted; without, a key already
     *                  stored fails the insert and so the transaction (then each is written again, looking)
     */
    private Map<Pending, Object> writeInOneTransaction(List<Pending> batch, boolean lookFirst, boolean withRiders)
            throws SQLException {
        List<HandedOver> handed = new ArrayList<>();
        List<AttemptWriter.Pending> attempts = withRiders && riders != null ? riders.takeRiders(MAX_BATCH) : List.of();
        boolean committed = false;
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                Map<Pending, Object> answers = new IdentityHashMap<>();
                List<StepCommit> commits = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    if (pending.claim() != null) {
                        answers.put(pending, ClaimStatements.claim(connection, database.dialect(), pending.claim()));
                    } else {
                        commits.add(pending.commit());
                    }
                }
                Map<StepCommit, Kept> kept = new IdentityHashMap<>();
                List<StepCommit> fresh = lookFirst ? insertResults(connection, commits, kept)
                        : insertNewResults(connection, commits);
                ClaimStatements.releaseAll(connection, commits.stream().filter(StepCommit::releasesClaim).toList());
                int unclaimed = insertEvents(connection, fresh, handed);
                if (riders != null) {
                    riders.writeRiders(connection, attempts);
                }
                connection.commit();
                committed = true;
                if (riders != null) {
                    riders.ridersCommitted(attempts);
                }
                unclaimedStored += unclaimed;
                for (Pending pending : batch) {
                    if (pending.commit() != null) {
                        answers.put(pending, Optional.ofNullable(kept.get(pending.commit())));
                    }
                }
                List<HandedOver> stored = List.copyOf(handed);
                handed.clear();
                stored.forEach(HandedOver::handOver);
                return answers;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            handed.forEach(h -> h.reservation().cancel()); // not committed: none was stored
            if (!committed && !attempts.isEmpty()) {
                riders.ridersFailed(attempts); // recorded on their own, before the steps are tried again
            }
        }
    }

    /**
     * A namespace as a text column can hold it: PostgreSQL's cannot hold a NUL, which a step's namespace may
     * contain, and its commit would fail on every retry. The body keeps it exactly (escaped); the column is
     * only read to match an endpoint's namespaces on replay.
     */
    private static String withoutNul(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /** A delivery stored claimed under {@code reservation}, to hand over once its commit is done. */
    private record HandedOver(DeliveryHandoff.Reservation reservation, DeliveryQueue.DueDelivery delivery) {
        void handOver() {
            try {
                reservation.handOver(delivery);
            } catch (RuntimeException e) { // stored claimed all the same: sent when the lease ends
                LOG.warn("handing delivery {} over failed: {}", delivery.deliveryId(), e.toString());
            }
        }
    }

    /**
     * Inserts the results not stored yet; returns the commits whose result was new, and puts each other
     * commit in {@code kept} with the result that stays stored. A stored result that has expired (not purged
     * yet) is replaced: it is no longer replayed, so the execution ran again and its new result and events
     * are the ones to keep.
     */
    private static List<StepCommit> insertResults(Connection connection, List<StepCommit> commits,
                                                  Map<StepCommit, Kept> kept) throws SQLException {
        List<StepCommit> fresh = new ArrayList<>();
        try (PreparedStatement expired = connection.prepareStatement(
                "DELETE FROM step_results WHERE step_uuid = ? AND attempts = ? AND expires_at <= ?");
             PreparedStatement exists = connection.prepareStatement(
                "SELECT result_json, fingerprint, expires_at FROM step_results WHERE step_uuid = ? AND attempts = ?");
             PreparedStatement insert = connection.prepareStatement(INSERT_RESULT)) {
            for (StepCommit commit : commits) {
                // a new execution (nearly every one) costs this one lookup; only an expired row is deleted
                exists.setObject(1, commit.key().stepUuid());
                exists.setInt(2, commit.key().attempts());
                Kept stored = null;
                boolean expiredRow = false;
                try (var rows = exists.executeQuery()) {
                    if (rows.next()) {
                        if (rows.getLong(3) > commit.storedAt().toEpochMilli()) {
                            stored = new Kept(rows.getString(1), rows.getString(2));
                        } else {
                            expiredRow = true;
                        }
                    }
                }
                if (expiredRow) {
                    expired.setObject(1, commit.key().stepUuid());
                    expired.setInt(2, commit.key().attempts());
                    expired.setLong(3, commit.storedAt().toEpochMilli());
                    expired.executeUpdate();
                }
                if (stored == null) {
                    stored = fresh.stream().filter(c -> c.key().equals(commit.key())).findFirst()
                            .map(c -> new Kept(c.resultJson(), c.fingerprint())).orElse(null);
                }
                if (stored != null) {
                    kept.put(commit, stored);
                    continue;
                }
                fresh.add(commit);
                bindResult(insert, commit);
                insert.addBatch();
            }
            if (!fresh.isEmpty()) {
                insert.executeBatch();
            }
        }
        return fresh;
    }

    /**
     * Inserts every result without looking for its key first: on a store this process alone writes, a key
     * in the batch is stored only when a result of it expired unpurged (it ran again) or a caller committed
     * the same key twice; either fails the batch, which is then written again one by one, looking.
     */
    private static List<StepCommit> insertNewResults(Connection connection, List<StepCommit> commits)
            throws SQLException {
        if (commits.isEmpty()) {
            return commits;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RESULT)) {
            for (StepCommit commit : commits) {
                bindResult(insert, commit);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return commits;
    }

    private static void bindResult(PreparedStatement insert, StepCommit commit) throws SQLException {
        insert.setObject(1, commit.key().stepUuid());
        insert.setInt(2, commit.key().attempts());
        insert.setString(3, commit.resultJson());
        insert.setString(4, commit.fingerprint());
        insert.setLong(5, commit.storedAt().toEpochMilli());
        insert.setLong(6, commit.expiresAt().toEpochMilli());
    }

    /**
     * Inserts the commits' events and their deliveries: claimed by this instance where the hand-off had room
     * (each added to {@code handed}), unclaimed otherwise.
     *
     * @return the deliveries stored unclaimed
     */
    private int insertEvents(Connection connection, List<StepCommit> commits, List<HandedOver> handed)
            throws SQLException {
        boolean any = commits.stream().anyMatch(c -> !c.events().isEmpty());
        if (!any) {
            return 0;
        }
        int unclaimed = 0;
        try (PreparedStatement event = connection.prepareStatement("INSERT INTO outbox_events "
                + "(event_id, event_name, namespace, step_uuid, body, traceparent, created_at, ce_source, ce_time) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement delivery = connection.prepareStatement("INSERT INTO webhook_deliveries "
                     + "(delivery_id, event_id, endpoint, state, attempts, next_attempt_at, created_at, updated_at, "
                     + "claimed_by, claimed_until) VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?)")) {
            boolean anyDelivery = false;
            for (StepCommit commit : commits) {
                long now = commit.storedAt().toEpochMilli();
                for (OutboxEvent e : commit.events()) {
                    event.setObject(1, e.eventId());
                    event.setString(2, e.eventName());
                    event.setString(3, withoutNul(e.namespace()));
                    event.setObject(4, e.stepUuid());
                    event.setString(5, e.body());
                    event.setString(6, e.traceparent());
                    event.setLong(7, now);
                    event.setString(8, e.cloudEvent() == null ? null : e.cloudEvent().source());
                    event.setString(9, e.cloudEvent() == null ? null : e.cloudEvent().time());
                    event.addBatch();
                    for (OutboxEvent.NewDelivery d : e.deliveries()) {
                        java.util.UUID deliveryId = Uuids.v7();
                        delivery.setObject(1, deliveryId);
                        delivery.setObject(2, e.eventId());
                        delivery.setString(3, d.endpoint());
                        delivery.setLong(4, d.firstAttemptAt().toEpochMilli());
                        delivery.setLong(5, now);
                        delivery.setLong(6, now);
                        DeliveryHandoff.Reservation reservation = handoff.reserve(d.endpoint(), d.firstAttemptAt());
                        if (reservation != null) {
                            handed.add(new HandedOver(reservation, new DeliveryQueue.DueDelivery(deliveryId,
                                    e.eventId(), d.endpoint(), e.eventName(), 0, e.body(), e.cloudEvent(),
                                    e.traceparent())));
                            delivery.setString(7, reservation.workerId());
                            delivery.setLong(8, reservation.leaseUntil().toEpochMilli());
                        } else {
                            unclaimed++;
                            delivery.setNull(7, java.sql.Types.VARCHAR);
                            delivery.setNull(8, java.sql.Types.BIGINT);
                        }
                        delivery.addBatch();
                        anyDelivery = true;
                    }
                }
            }
            event.executeBatch();
            if (anyDelivery) {
                delivery.executeBatch();
            }
        }
        return unclaimed;
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
