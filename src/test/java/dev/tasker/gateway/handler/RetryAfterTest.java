package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");

    @ParameterizedTest(name = "''{0}'' waits {1} s")
    @CsvSource(delimiter = '|', value = {
            "0                              | 0",
            "120                            | 120",
            " 45                            | 45",
            "Sat, 28 Nov 2026 15:00:10 GMT  | 10",
            "Sat, 28 Nov 2026 14:59:00 GMT  | 0",
            "Sun, 29 Nov 2026 15:00:00 GMT  | 86400"})
    void parsesSecondsAndHttpDates(String value, long seconds) {
        RetryAfter retryAfter = RetryAfter.parse(value, NOW).orElseThrow();

        assertThat(retryAfter.delaySeconds()).isEqualTo(seconds);
        assertThat(retryAfter.headerValue()).isEqualTo(value.trim());
    }

    @ParameterizedTest(name = "''{0}'' waits {1} s, forwarded as ''{2}''")
    @CsvSource(delimiter = '|', value = {
            "Saturday, 28-Nov-26 15:00:10 GMT | 10    | Sat, 28 Nov 2026 15:00:10 GMT",
            "Sunday, 29-Nov-26 15:00:00 GMT   | 86400 | Sun, 29 Nov 2026 15:00:00 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT   | 0     | Sun, 6 Nov 1994 08:49:37 GMT",
            "Sat Nov 28 15:00:10 2026         | 10    | Sat, 28 Nov 2026 15:00:10 GMT",
            "Sun Nov 29 15:00:00 2026         | 86400 | Sun, 29 Nov 2026 15:00:00 GMT"})
    void parsesTheObsoleteHttpDateFormsAndForwardsTheImfFixdate(String value, long seconds, String forwarded) {
        RetryAfter retryAfter = RetryAfter.parse(value, NOW).orElseThrow();

        assertThat(retryAfter.delaySeconds()).isEqualTo(seconds);
        assertThat(retryAfter.headerValue()).isEqualTo(forwarded);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "-1", "1.5", "later", "99999999999999", "2026-11-28T15:00:10Z"})
    void rejectsAnythingElse(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }
}
