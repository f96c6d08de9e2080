package dev.tasker.gateway.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * What one HTTP attempt got: a status code (with the receiver's {@code Retry-After}, if any) or an error
 * (timeout, connection failure, refused by the {@link DeliveryTargetGuard}).
 */
public record AttemptResult(Integer statusCode, String error, Optional<Duration> retryAfter, long durationMs) {

    public static AttemptResult status(int statusCode, Optional<Duration> retryAfter, long durationMs) {
        return new AttemptResult(statusCode, null, retryAfter, durationMs);
    }

    public static AttemptResult error(String error, long durationMs) {
        return new AttemptResult(null, error, Optional.empty(), durationMs);
    }

    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
