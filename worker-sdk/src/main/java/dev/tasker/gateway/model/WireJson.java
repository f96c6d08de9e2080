package dev.tasker.gateway.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON rules of the wire contract (section 0) as one Jackson configuration: unknown keys ignored, no
 * float-to-int or string-to-scalar coercion, UUIDs accepted in every common form and written lower-case
 * hyphenated, result timestamps written as RFC 3339 UTC with microseconds and read only with an offset.
 * The gateway builds its single shared {@link ObjectMapper} here.
 */
public final class WireJson {

    /** 10000-01-01T00:00:00Z in epoch seconds: from there on years need more than four digits. */
    private static final long YEAR_10000 = 253402300800L;
    private static final DateTimeFormatter MICROS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private WireJson() {
    }

    /** A new mapper configured for the wire contract. Thread-safe once built; share it. */
    public static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(wireModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // results pass through a tree before they are written: keep 1.50 and 100.0 as they came
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** The module with the UUID and timestamp codecs, for callers that build their own mapper. */
    public static SimpleModule wireModule() {
        SimpleModule module = new SimpleModule("tasker-wire");
        module.addDeserializer(UUID.class, new UuidDeserializer());
        module.addSerializer(Instant.class, new InstantSerializer());
        module.addDeserializer(Instant.class, new InstantDeserializer());
        module.addDeserializer(Object.class, new UnmodifiableUntypedDeserializer());
        return module;
    }

    /** Formats an instant the way the wire wants it: {@code 2025-11-28T14:54:03.123456Z}. */
    public static String formatInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return MICROS_UTC.format(instant.truncatedTo(ChronoUnit.MICROS));
        }
        // the formatter's output by hand for years 1970-9999 (every timestamp the gateway writes): a
        // DateTimeFormatter walks its printer parsers and a field map for each value, on every result
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] out = new char[27];
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        out[19] = '.';
        digits(out, 20, instant.getNano() / 1000, 6);
        out[26] = 'Z';
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses a UUID in hyphenated, simple (32 hex), braced or {@code urn:uuid:} form, any case.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static UUID parseUuid(String text) {
        String s = text.trim();
        if (s.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
            s = s.substring(9);
        } else if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.length() == 32 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            s = s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16) + "-"
                    + s.substring(16, 20) + "-" + s.substring(20);
        }
        if (!isCanonicalUuid(s)) {
            throw new IllegalArgumentException("not a UUID: " + text);
        }
        return UUID.fromString(s);
    }

    /** 8-4-4-4-12 hex digits (either case), checked by hand: this runs for every UUID of every request. */
    private static boolean isCanonicalUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an RFC 3339 timestamp that carries an offset ({@code Z} or {@code +00:00}).
     *
     * @throws DateTimeParseException when there is no offset or the text is not a timestamp
     */
    public static Instant parseInstant(String text) {
        Instant fast = parseWireInstant(text);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * The form {@link #formatInstant} writes ({@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}, exactly), parsed by hand;
     * null for anything else, and for a date or time out of range, which the ISO parser then reads (or
     * refuses) as it always did.
     */
    private static Instant parseWireInstant(String text) {
        if (text.length() != 27 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(26) != 'Z') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int micros = number(text, 20, 6);
        if ((year | month | day | hour | minute | second | micros) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** The decimal number of {@code width} ASCII digits at {@code at}; -1 when one is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Untyped JSON ({@code Object} fields: the task context, step inputs, handler output read back, ...) as
     * unmodifiable maps and lists. The step a handler receives is what the gateway later stores and
     * publishes "as received", so a handler must not be able to change it in place.
     *
     * <p>Integers are Integer, Long or BigInteger by size, as Jackson reads them. Other numbers are
     * {@link BigDecimal}s holding the exact value written ({@code 0.1000000000000000055511151231257827},
     * {@code 1e400}, the trailing zero of {@code 1.50}), so output built from input, echo's above all, keeps
     * its numbers; a double would round them, or turn {@code 1e400} into the string {@code "Infinity"}. A
     * decimal whose exponent is beyond {@value #MAX_DECIMAL_SCALE} either way is read as a double, as
     * before: {@code 1e999999999} costs nothing to parse, but {@code setScale} or {@code toPlainString} on
     * it, which handlers do with money, would take minutes and gigabytes.
     */
    static final class UnmodifiableUntypedDeserializer extends JsonDeserializer<Object> {

        /** The largest scale (either sign) kept exact; Jackson's own bound for writing decimals plainly. */
        static final int MAX_DECIMAL_SCALE = 9_999;

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return read(p, ctxt);
        }

        private static Object read(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == null) {
                return ctxt.handleUnexpectedToken(Object.class, p);
            }
            switch (token) {
                case START_OBJECT:
                    p.nextToken();
                    return readObject(p, ctxt);
                case FIELD_NAME:
                case END_OBJECT:
                    return readObject(p, ctxt);
                case START_ARRAY:
                    return readArray(p, ctxt);
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                    return p.getNumberValue();
                case VALUE_NUMBER_FLOAT:
                    return decimal(p);
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                case VALUE_EMBEDDED_OBJECT:
                    return p.getEmbeddedObject();
                default:
                    return ctxt.handleUnexpectedToken(Object.class, p);
            }
        }

        /** Starts at the first FIELD_NAME (or END_OBJECT of an empty object). */
        private static Map<String, Object> readObject(JsonParser p, DeserializationContext ctxt) throws IOException {
            Map<String, Object> map = new LinkedHashMap<>();
            for (JsonToken token = p.currentToken(); token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                map.put(name, read(p, ctxt));
            }
            return Collections.unmodifiableMap(map);
        }

        private static List<Object> readArray(JsonParser p, DeserializationContext ctxt) throws IOException {
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(p, ctxt));
            }
            return Collections.unmodifiableList(list);
        }

        private static Object decimal(JsonParser p) throws IOException {
            if (p.isNaN()) {
                // only from a value buffered in memory (a handler's Double.NaN): JSON text has no NaN
                return p.getNumberValue();
            }
            BigDecimal value = p.getDecimalValue();
            return Math.abs(value.scale()) <= MAX_DECIMAL_SCALE ? value : value.doubleValue();
        }
    }

    static final class UuidDeserializer extends JsonDeserializer<UUID> {
        @Override
        public UUID deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (UUID) ctxt.handleUnexpectedToken(UUID.class, p);
            }
            try {
                return parseUuid(p.getText());
            } catch (IllegalArgumentException e) {
                return (UUID) ctxt.handleWeirdStringValue(UUID.class, p.getText(), "not a UUID");
            }
        }
    }

    static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(formatInstant(value));
        }
    }

    static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return parseInstant(p.getText());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(),
                        "expected an RFC 3339 timestamp with an offset (Z or +00:00)");
            }
        }
    }
}
