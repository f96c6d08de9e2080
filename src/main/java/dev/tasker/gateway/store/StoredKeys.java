package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of {@code step_results} a store this process alone writes may hold, so that the idempotency
 * lookup of a new step is skipped ({@link JdbcStepResultStore#find}): a {@link StoredKeyFilter} filled from
 * the table, and every key the {@link GroupCommitWriter} is about to insert. Until it is first filled (and
 * when a fill failed before any succeeded), every key may be stored, and each is looked up as without it.
 * Filled again after a purge, so that purged keys stop costing a lookup. Thread-safe.
 *
 * <p>Never "not stored" for a stored key: a fill first makes a new filter that every key added from then on
 * goes to as well, then waits until every insert queued before it is committed ({@link GroupCommitWriter#barrier}),
 * then scans the table. A key inserted before the fill began is committed by the time of the scan and found by
 * it; one inserted after is added to the new filter directly.
 */
public final class StoredKeys {

    private static final Logger LOG = LoggerFactory.getLogger(StoredKeys.class);

    /** The filter answering (null: not filled yet, every key may be stored) and the one being filled, or null. */
    private record Filters(StoredKeyFilter answering, StoredKeyFilter filling) {
    }

    private final Database database;
    private final Clock clock;
    private final int keysPerFilter;
    private volatile Filters filters = new Filters(null, null);

    public StoredKeys(Database database, Clock clock) {
        this(database, clock, StoredKeyFilter.DEFAULT_KEYS);
    }

    /** @param keysPerFilter the keys each filter is sized for (more fit, with more lookups of new keys) */
    StoredKeys(Database database, Clock clock, int keysPerFilter) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keysPerFilter = keysPerFilter;
    }

    /** Records that {@code key}'s result is about to be inserted; called before its insert. */
    void add(StepKey key) {
        Filters now = filters;
        if (now.filling() != null) {
            now.filling().add(key);
        }
        if (now.answering() != null) {
            now.answering().add(key);
        }
    }

    /** False only when no result of {@code key} is stored: then the store need not be asked. */
    public boolean mightBeStored(StepKey key) {
        StoredKeyFilter answering = filters.answering();
        return answering == null || answering.mightBeStored(key);
    }

    /** Whether a fill has succeeded, so that keys never stored are told apart. */
    public boolean filled() {
        return filters.answering() != null;
    }

    /**
     * Fills a new filter from the table and makes it the one answering (the old one may hold purged keys).
     *
     * @param writer the writer of every insert into {@code step_results}: its earlier inserts are waited for
     * @return the unexpired keys found in the table
     * @throws StoreException when the table cannot be read or the writer does not answer; the filter answering
     *                        stays as it was
     */
    public synchronized long fill(GroupCommitWriter writer) {
        long started = System.nanoTime();
        StoredKeyFilter filling = new StoredKeyFilter(keysPerFilter);
        filters = new Filters(filters.answering(), filling);
        try {
            writer.barrier();
            long found = scanInto(filling);
            filters = new Filters(filling, null);
            LOG.info("idempotency key filter filled with {} stored keys in {} ms ({} KiB)", found,
                    (System.nanoTime() - started) / 1_000_000, filling.sizeInBytes() / 1024);
            return found;
        } catch (RuntimeException e) {
            filters = new Filters(filters.answering(), null);
            throw e;
        }
    }

    private long scanInto(StoredKeyFilter filling) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT step_uuid, attempts FROM step_results WHERE expires_at > ?")) {
            select.setLong(1, clock.millis());
            select.setFetchSize(1000);
            long found = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    filling.add(new StepKey(rows.getObject(1, UUID.class), rows.getInt(2)));
                    found++;
                }
            }
            return found;
        } catch (SQLException e) {
            throw new StoreException("cannot read the stored step keys: " + e.getMessage(), e);
        }
    }
}
