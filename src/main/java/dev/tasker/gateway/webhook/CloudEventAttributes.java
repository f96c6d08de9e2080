package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.events.DomainEvent;
import dev.tasker.gateway.model.WireJson;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * The CloudEvents binary-mode {@code ce-source} and {@code ce-time} of an event, read from its body:
 * {@code /tasker/<metadata.namespace>/<payload.task_sequence_step.task.task_name>} and {@code metadata.fired_at}
 * (none when it is missing or empty); {@code /tasker} alone when the body is not JSON.
 *
 * <p>An event the gateway writes gets them from its fields ({@link #forStorage}), once, when it is stored or
 * sent fast: the outbox keeps them with the event, so an attempt sends them without reading its body. An
 * event stored before they were kept has none, and its body is read when it is sent.
 *
 * <p>{@link #of(ObjectMapper, byte[])} reads the body as a token stream, without building a tree, and looks only
 * at the objects on the way to those three fields (every other value is skipped unread). A body of a shape it does not expect
 * there (a number where a string should be, a key twice, a root that is not an object, broken JSON) is read
 * as a tree instead ({@link #fromTree}, what the sender did before), so both give the same answer for any
 * body. Pure and thread-safe.
 *
 * @param time null when the event has no {@code fired_at}
 */
public record CloudEventAttributes(String source, String time) {

    static final CloudEventAttributes NOT_JSON = new CloudEventAttributes("/tasker", null);

    public CloudEventAttributes {
        Objects.requireNonNull(source, "source");
    }

    /**
     * Whether a text column holds them exactly and they are what the body's UTF-8 bytes give: neither holds a
     * NUL (PostgreSQL's text cannot; the body holds it escaped) or half of a surrogate pair (the body's bytes
     * hold {@code ?} in its place). A task name or namespace may hold either.
     */
    public boolean storable() {
        return exact(source) && (time == null || exact(time));
    }

    private static boolean exact(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * What reading the event's JSON (as the wire mapper writes it, in UTF-8) gives, from its fields, to store
     * and send with it; null when they are not {@link #storable} (then its body is read when it is sent, as
     * for an event stored without them).
     */
    public static CloudEventAttributes forStorage(DomainEvent event) {
        CloudEventAttributes attributes = of(event);
        return attributes.storable() ? attributes : null;
    }

    /**
     * What reading the event's JSON (as the wire mapper writes it) gives, from its fields: a null field reads
     * as an empty one, as it does in the body.
     */
    static CloudEventAttributes of(DomainEvent event) {
        DomainEvent.Metadata metadata = event.metadata();
        var step = event.payload().taskSequenceStep();
        String taskName = step == null || step.task() == null ? null : step.task().taskName();
        return of(orEmpty(metadata.namespace()), orEmpty(taskName),
                metadata.firedAt() == null ? "" : WireJson.formatInstant(metadata.firedAt()));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static final int NAMESPACE = 0;
    private static final int FIRED_AT = 1;
    private static final int TASK_NAME = 2;

    /** The keys on the way to the three fields: an inner object, or the index of the string it holds. */
    private record Step(Map<String, Step> next, int field) {
        static Step to(int field) {
            return new Step(Map.of(), field);
        }

        static Step into(Map<String, Step> next) {
            return new Step(next, -1);
        }
    }

    private static final Step ROOT = Step.into(Map.of(
            "metadata", Step.into(Map.of("namespace", Step.to(NAMESPACE), "fired_at", Step.to(FIRED_AT))),
            "payload", Step.into(Map.of("task_sequence_step", Step.into(Map.of("task", Step.into(Map.of(
                    "task_name", Step.to(TASK_NAME)))))))));

    /** The stream is not what the reader expects: read the body as a tree. */
    private static final class Unexpected extends Exception {
        Unexpected() {
            super(null, null, false, false);
        }
    }

    private static final Unexpected UNEXPECTED = new Unexpected();

    static CloudEventAttributes of(ObjectMapper mapper, byte[] body) {
        String[] found = {"", "", ""};
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw UNEXPECTED;
            }
            read(parser, ROOT, found);
        } catch (IOException | Unexpected | RuntimeException e) {
            return fromTree(mapper, body);
        }
        return of(found[NAMESPACE], found[TASK_NAME], found[FIRED_AT]);
    }

    /** The body as a tree, read with JSON pointers. */
    static CloudEventAttributes fromTree(ObjectMapper mapper, byte[] body) {
        try {
            JsonNode event = mapper.readTree(body);
            return of(event.at("/metadata/namespace").asText(""),
                    event.at("/payload/task_sequence_step/task/task_name").asText(""),
                    event.at("/metadata/fired_at").asText(""));
        } catch (IOException | IllegalArgumentException e) {
            return NOT_JSON;
        }
    }

    private static CloudEventAttributes of(String namespace, String taskName, String firedAt) {
        return new CloudEventAttributes("/tasker/" + namespace + "/" + taskName, firedAt.isEmpty() ? null : firedAt);
    }

    /** Reads the fields of the object just opened, down the steps; returns at its end. */
    private static void read(JsonParser parser, Step step, String[] found) throws IOException, Unexpected {
        int seen = 0; // a key of the path twice: a tree keeps the last, this reader leaves it to the tree
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            Step next = step.next().get(field);
            if (next == null) {
                parser.skipChildren();
                continue;
            }
            int bit = 1 << (field.hashCode() & 31);
            if ((seen & bit) != 0) {
                throw UNEXPECTED;
            }
            seen |= bit;
            if (next.field() >= 0) {
                found[next.field()] = text(value, parser);
            } else if (value == JsonToken.START_OBJECT) {
                read(parser, next, found);
            } else {
                parser.skipChildren(); // not an object: nothing below it, as a pointer into it finds nothing
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw UNEXPECTED;
        }
    }

    /** A string's text, "" for null (a tree's {@code asText("")} of both); anything else is left to a tree. */
    private static String text(JsonToken value, JsonParser parser) throws IOException, Unexpected {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        throw UNEXPECTED;
    }
}
