package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written timestamp codec of {@link WireJson} writes and reads exactly what the {@code
 * DateTimeFormatter}s it replaced on the hot path did.
 */
class WireInstantTest {

    private static final DateTimeFormatter FORMATTER =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Property(tries = 5000)
    void formatsAsTheFormatterDidAndReadsItBack(@ForAll @LongRange(min = -62_000_000_000L, max = 300_000_000_000L)
                                                long seconds, @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        String expected = FORMATTER.format(instant.truncatedTo(ChronoUnit.MICROS));
        assertThat(WireJson.formatInstant(instant)).isEqualTo(expected);
        Instant reference = OffsetDateTime.parse(expected, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        assertThat(WireJson.parseInstant(expected)).isEqualTo(reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T00:00:00.000000Z", "2025-13-01T00:00:00.000000Z", "2025-11-28T24:00:00.000000Z",
            "2025-11-28T23:59:60.000000Z", "2025-11-28T14:54:03.12345xZ", "2025-11-28T14:54:03.123456",
            "+2025-11-28T14:54:03.12345Z", "2025-11-28 14:54:03.123456Z"})
    void refusesWhatTheIsoParserRefuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> WireJson.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59.999999Z", "2025-11-28T14:54:03Z", "2025-11-28T14:54:03.1+02:00",
            "0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"})
    void readsWhatTheIsoParserReads(String text) {
        assertThat(WireJson.parseInstant(text))
                .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }
}
