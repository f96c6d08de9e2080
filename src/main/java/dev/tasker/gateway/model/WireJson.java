package dev.tasker.gateway.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.time.Instant;
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
        return MICROS_UTC.format(instant.truncatedTo(ChronoUnit.MICROS));
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
        if (s.length() != 36 || !s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("not a UUID: " + text);
        }
        return UUID.fromString(s);
    }

    /**
     * Parses an RFC 3339 timestamp that carries an offset ({@code Z} or {@code +00:00}).
     *
     * @throws DateTimeParseException when there is no offset or the text is not a timestamp
     */
    public static Instant parseInstant(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * Untyped JSON ({@code Object} fields: the task context, step inputs, handler output read back, ...) as
     * unmodifiable maps and lists, with the number types Jackson would use (Integer, Long, BigInteger,
     * Double). The step a handler receives is what the gateway later stores and publishes "as received", so
     * a handler must not be able to change it in place.
     */
    static final class UnmodifiableUntypedDeserializer extends JsonDeserializer<Object> {
        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return toValue(ctxt.readTree(p));
        }

        private static Object toValue(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(field -> map.put(field.getKey(), toValue(field.getValue())));
                return Collections.unmodifiableMap(map);
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(toValue(element)));
                return Collections.unmodifiableList(list);
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            return node.asText();
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
