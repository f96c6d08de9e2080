package dev.tasker.gateway.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a delivery is attempted: entry n−1 is the delay before attempt n (the first entry, usually 0, is the
 * delay before the first attempt). After the last entry's attempt the delivery is dead. Each delay gets
 * ±20 % jitter from an injected random source. Pure: no clock, no I/O.
 */
public record RetrySchedule(List<Duration> delays) {

    /** Contract 4.1: immediately, then 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12)));

    public static final double JITTER = 0.2;

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one entry");
        }
        if (delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retry delays cannot be negative");
        }
    }

    /** How many attempts a delivery gets in all. */
    public int maxAttempts() {
        return delays.size();
    }

    /**
     * The delay before attempt {@code attempt} (1-based), jittered; empty when the schedule has no such
     * attempt (the delivery is dead).
     *
     * @param random uniform values in [0, 1)
     */
    public Optional<Duration> delayBefore(int attempt, DoubleSupplier random) {
        if (attempt < 1 || attempt > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(attempt - 1);
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
    }
}
