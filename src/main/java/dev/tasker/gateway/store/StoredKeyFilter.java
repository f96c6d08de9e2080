package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepKey;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which idempotency keys may have a stored result, so that a new step (nearly every one) need not ask the
 * store: a Bloom filter over the keys of {@code step_results}. {@link #mightBeStored} is never false for a
 * key whose result was committed, as long as every key is {@link #add added} before its result is inserted
 * and the filter is filled from the table only once every earlier insert is committed (the
 * {@link GroupCommitWriter} does both). It may be true for a key never stored (about one in a hundred at
 * {@link #DEFAULT_KEYS} keys, more beyond), which only costs the lookup it saves otherwise; it stays true for a
 * purged key until the filter is rebuilt. Its size is fixed when it is made: a full filter answers "maybe"
 * more often, never "no" wrongly. Thread-safe and lock-free.
 */
final class StoredKeyFilter {

    /** The keys a filter is sized for by default: 4 M keys in 4.8 MiB, one new key in a hundred still looked up. */
    static final int DEFAULT_KEYS = 4_000_000;
    /** Bits per key and probes per key for about 1 % false positives. */
    private static final int BITS_PER_KEY = 10;
    private static final int PROBES = 7;

    private final AtomicLongArray words;
    private final long bits;

    /** A filter sized for {@code keys} keys (at least 64 bits). */
    StoredKeyFilter(int keys) {
        if (keys <= 0) {
            throw new IllegalArgumentException("keys must be positive: " + keys);
        }
        long wanted = Math.max(64, (long) keys * BITS_PER_KEY);
        int count = (int) Math.min(Integer.MAX_VALUE - 8, (wanted + 63) / 64);
        this.words = new AtomicLongArray(count);
        this.bits = (long) count * 64;
    }

    /** Records that {@code key} may be stored from now on. */
    void add(StepKey key) {
        long h1 = hash1(key);
        long h2 = hash2(h1);
        for (int i = 0; i < PROBES; i++) {
            long bit = Math.floorMod(h1 + i * h2, bits);
            int word = (int) (bit >>> 6);
            long mask = 1L << bit;
            long current = words.get(word);
            while ((current & mask) == 0) {
                long seen = words.compareAndExchange(word, current, current | mask);
                if (seen == current) {
                    break;
                }
                current = seen;
            }
        }
    }

    /** False only when {@code key} was never {@link #add added}. */
    boolean mightBeStored(StepKey key) {
        long h1 = hash1(key);
        long h2 = hash2(h1);
        for (int i = 0; i < PROBES; i++) {
            long bit = Math.floorMod(h1 + i * h2, bits);
            if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The memory its bits take. */
    long sizeInBytes() {
        return bits / 8;
    }

    /** Kirsch-Mitzenmacher double hashing: two well-mixed 64-bit hashes make all the probes. */
    private static long hash1(StepKey key) {
        long h = key.stepUuid().getMostSignificantBits() * 0x9E3779B97F4A7C15L;
        h = mix(h ^ key.stepUuid().getLeastSignificantBits());
        return mix(h ^ key.attempts());
    }

    private static long hash2(long h1) {
        return mix(h1 + 0x9E3779B97F4A7C15L) | 1; // never 0: the probes of one key are not all the same bit
    }

    /** The finalizer of SplitMix64 / MurmurHash3, spreading every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
