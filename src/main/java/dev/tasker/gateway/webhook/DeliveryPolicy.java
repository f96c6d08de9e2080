package dev.tasker.gateway.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Contract 4.1 outcomes as pure logic: 2xx is delivered; anything else (3xx included: redirects are not
 * followed), a timeout or a connection error is retried on the endpoint's schedule, and dead after its last
 * entry; 429 and 503 wait at least the receiver's {@code Retry-After}; 410 disables the endpoint.
 */
public final class DeliveryPolicy {

    /** A {@code Retry-After} longer than this is capped. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    /** What an attempt leads to. */
    public record Decision(DeliveryState state, Instant nextAttemptAt, boolean disableEndpoint) {
    }

    private DeliveryPolicy() {
    }

    /**
     * @param attempt the number of the attempt just made in this round, 1-based
     */
    public static Decision decide(AttemptResult result, int attempt, RetrySchedule schedule, Instant now,
                                  DoubleSupplier random) {
        if (result.delivered()) {
            return new Decision(DeliveryState.DELIVERED, now, false);
        }
        Optional<Duration> next = schedule.delayBefore(attempt + 1, random);
        if (next.isEmpty()) {
            return new Decision(DeliveryState.DEAD, now, result.gone());
        }
        Duration delay = next.get();
        Integer status = result.statusCode();
        if (status != null && (status == 429 || status == 503) && result.retryAfter().isPresent()) {
            Duration asked = result.retryAfter().get();
            asked = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            delay = asked.compareTo(delay) > 0 ? asked : delay;
        }
        return new Decision(DeliveryState.FAILED, now.plus(delay), result.gone());
    }
}
