package dev.tasker.gateway.handler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code Retry-After} header (RFC 9110 10.2.3): either whole seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2026 07:28:00 GMT}). Immutable and thread-safe; {@link #parse} is pure (the caller
 * supplies "now").
 *
 * @param headerValue  the value to forward in {@code orchestration_metadata.headers["Retry-After"]}: the
 *                     header as received, trimmed; never null
 * @param delaySeconds the wait it asks for in whole seconds, rounded up, never negative (a date in the past
 *                     gives 0)
 */
public record RetryAfter(String headerValue, long delaySeconds) {

    /** Longer delays than this (about 10 years) are treated as unparseable. */
    private static final long MAX_SECONDS = 315_360_000L;

    /** @throws IllegalArgumentException when {@code delaySeconds} is negative */
    public RetryAfter {
        Objects.requireNonNull(headerValue, "headerValue");
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("delaySeconds must not be negative: " + delaySeconds);
        }
    }

    /**
     * Parses a header value.
     *
     * @param value the header value; null or blank gives empty
     * @param now   the instant an HTTP date is measured from; never null
     * @return empty when the value is absent, negative, too large or neither form
     */
    public static Optional<RetryAfter> parse(String value, Instant now) {
        Objects.requireNonNull(now, "now");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (trimmed.length() > 12) {
                return Optional.empty();
            }
            long seconds = Long.parseLong(trimmed);
            return seconds > MAX_SECONDS ? Optional.empty() : Optional.of(new RetryAfter(trimmed, seconds));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long millis = Duration.between(now, at).toMillis();
            long seconds = millis <= 0 ? 0 : (millis + 999) / 1000;
            return seconds > MAX_SECONDS ? Optional.empty() : Optional.of(new RetryAfter(trimmed, seconds));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
