package dev.tasker.gateway.handler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code Retry-After} header (RFC 9110 10.2.3): either whole seconds ({@code 120}) or an HTTP date,
 * in any of the three forms a recipient must accept (RFC 9110 5.6.7): the IMF-fixdate
 * {@code Wed, 21 Oct 2026 07:28:00 GMT} and the obsolete RFC 850 ({@code Wednesday, 21-Oct-26 07:28:00 GMT})
 * and asctime ({@code Wed Oct 21 07:28:00 2026}) forms. Immutable and thread-safe; {@link #parse} is pure (the
 * caller supplies "now").
 *
 * @param headerValue  the value to forward in {@code orchestration_metadata.headers["Retry-After"]}: the
 *                     header as received, trimmed, except that an obsolete date form is rewritten as the
 *                     IMF-fixdate it means (what every reader of HTTP dates parses); never null
 * @param delaySeconds the wait it asks for in whole seconds, rounded up, never negative (a date in the past
 *                     gives 0)
 */
public record RetryAfter(String headerValue, long delaySeconds) {

    /** {@code Sun Nov  6 08:49:37 1994}: the day of the month padded with a space. */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss yyyy").toFormatter(Locale.US).withZone(ZoneOffset.UTC);

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
        Instant at;
        String forwarded = trimmed;
        try {
            at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notImfFixdate) {
            Optional<Instant> obsolete = obsoleteDate(trimmed, now);
            if (obsolete.isEmpty()) {
                return Optional.empty();
            }
            at = obsolete.get();
            forwarded = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
        }
        long millis = Duration.between(now, at).toMillis();
        long seconds = millis <= 0 ? 0 : (millis + 999) / 1000;
        return seconds > MAX_SECONDS ? Optional.empty() : Optional.of(new RetryAfter(forwarded, seconds));
    }

    /** An RFC 850 or asctime date; a two-digit year is the one within 50 years of {@code now} (RFC 9110). */
    private static Optional<Instant> obsoleteDate(String text, Instant now) {
        int base = now.atZone(ZoneOffset.UTC).getYear() - 49;
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        for (DateTimeFormatter format : List.of(rfc850, ASCTIME)) {
            try {
                return Optional.of(ZonedDateTime.parse(text, format).toInstant());
            } catch (DateTimeParseException ignored) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
