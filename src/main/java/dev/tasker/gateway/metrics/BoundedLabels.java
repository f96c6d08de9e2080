package dev.tasker.gateway.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the values of one label bounded: the first {@code limit} distinct values are used as given (cut
 * to 64 characters), later ones become {@code other}, so no input can grow the number of time series
 * without bound. Thread-safe.
 */
final class BoundedLabels {

    static final String OTHER = "other";
    static final String NONE = "none";
    private static final int MAX_LENGTH = 64;

    private final int limit;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    BoundedLabels(int limit) {
        this.limit = limit;
    }

    String value(String given) {
        if (given == null || given.isBlank()) {
            return NONE;
        }
        String value = given.length() > MAX_LENGTH ? given.substring(0, MAX_LENGTH) : given;
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.size() < limit) {
                seen.add(value);
                return value;
            }
        }
        return seen.contains(value) ? value : OTHER;
    }
}
