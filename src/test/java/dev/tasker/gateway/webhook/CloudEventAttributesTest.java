package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.events.DomainEvent;
import dev.tasker.gateway.model.TaskForOrchestration;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stream reader of the CloudEvents headers gives what reading the body as a tree gives, for any body; and
 * the headers taken from an event's fields (stored with it) are what reading its body gives.
 */
class CloudEventAttributesTest {

    private static final ObjectMapper MAPPER = WireJson.newObjectMapper();

    @org.junit.jupiter.api.Test
    void aDomainEventGivesItsNamespaceTaskNameAndFiredAt() throws Exception {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/contract/vectors/event-01-domain-event-durable.json")) {
            body = in.readAllBytes();
        }
        var event = MAPPER.readTree(body);
        CloudEventAttributes attributes = CloudEventAttributes.of(MAPPER, body);

        assertThat(attributes.source()).isEqualTo("/tasker/" + event.at("/metadata/namespace").asText() + "/"
                + event.at("/payload/task_sequence_step/task/task_name").asText());
        assertThat(attributes.source()).doesNotEndWith("/").doesNotContain("//");
        assertThat(attributes.time()).isEqualTo(event.at("/metadata/fired_at").asText()).isNotBlank();
        assertThat(attributes).isEqualTo(CloudEventAttributes.fromTree(MAPPER, body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"metadata\":{\"namespace\":\"a\",\"fired_at\":\"t\"},\"payload\":{\"task_sequence_step\":{\"task\":{\"task_name\":\"n\"}}}}|/tasker/a/n|t",
            "{\"metadata\":{\"namespace\":\"a\",\"namespace\":\"b\"}}|/tasker/b/|",
            "{\"metadata\":{\"namespace\":12,\"fired_at\":\"\"}}|/tasker/12/|",
            "{\"metadata\":{\"namespace\":null,\"fired_at\":null}}|/tasker//|",
            "{\"metadata\":{\"namespace\":\"a\"},\"metadata\":5}|/tasker//|",
            "{\"payload\":{\"task_sequence_step\":[{\"task\":{\"task_name\":\"n\"}}]}}|/tasker//|",
            "[1, 2]|/tasker//|",
            "{\"metadata\":{\"namespace\":\"a\"|/tasker|",
            "not json|/tasker|",
    })
    void unusualBodiesGiveWhatTheTreeGives(String body, String source, String time) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(CloudEventAttributes.of(MAPPER, bytes)).isEqualTo(new CloudEventAttributes(source, time))
                .isEqualTo(CloudEventAttributes.fromTree(MAPPER, bytes));
    }

    @Property(tries = 2000)
    void streamReaderAgreesWithTheTree(@ForAll("bodies") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(CloudEventAttributes.of(MAPPER, bytes)).isEqualTo(CloudEventAttributes.fromTree(MAPPER, bytes));
    }

    /**
     * What is stored with an event when it is written, from its fields, is what reading its body gives, so an
     * attempt sends the same headers whether it reads them from the store or from the body.
     */
    @Property(tries = 1000)
    void theEventsFieldsGiveWhatItsBodyGives(@ForAll("events") DomainEvent event) throws Exception {
        byte[] body = MAPPER.writeValueAsString(event).getBytes(StandardCharsets.UTF_8); // as the outbox stores it

        CloudEventAttributes stored = CloudEventAttributes.forStorage(event);
        if (stored != null) {
            assertThat(stored).isEqualTo(CloudEventAttributes.of(MAPPER, body));
        } else { // a NUL or half a surrogate pair: read from the body when sent
            assertThat(CloudEventAttributes.of(event).storable()).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void theEventsFieldsOfTheGoldenEventGiveItsHeaders() throws Exception {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/contract/vectors/event-01-domain-event-durable.json")) {
            body = in.readAllBytes();
        }
        DomainEvent event = MAPPER.readValue(body, DomainEvent.class);

        assertThat(CloudEventAttributes.forStorage(event)).isEqualTo(CloudEventAttributes.of(MAPPER, body));
        assertThat(CloudEventAttributes.forStorage(event).time()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/tasker/a/b|2030-01-01T00:00:00.000000Z|true",
            "/tasker/a/b||true",
            "/tasker/a\0b/c||false",
            "/tasker/a\uD83D\uDE00b/c||true",
            "/tasker/a\uD83Db/c||false",
            "/tasker/a/b|\uDE00|false",
    })
    void attributesWithANulAreNotStorable(String source, String time, boolean storable) {
        assertThat(new CloudEventAttributes(source, time).storable()).isEqualTo(storable);
    }

    @Provide
    Arbitrary<DomainEvent> events() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(8),
                Arbitraries.of("", "ecommerce", "order/fulfil", "\u00e9t\u00e9", "a\"b"), Arbitraries.just(null));
        Arbitrary<Instant> firedAt = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.longs().between(-62_000_000_000L, 300_000_000_000L).flatMap(seconds ->
                        Arbitraries.integers().between(0, 999_999_999).map(nanos -> Instant.ofEpochSecond(seconds, nanos))));
        Arbitrary<TaskSequenceStep> step = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.just(new TaskSequenceStep(null, null, null, null)),
                text.map(name -> new TaskSequenceStep(new TaskForOrchestration(null, name, "1.0.0", "ns"), null,
                        null, null)));
        return Combinators.combine(text, step, firedAt).as((namespace, sequenceStep, at) ->
                new DomainEvent(UUID.randomUUID(), "step.completed", DomainEvent.VERSION,
                        new DomainEvent.Payload(sequenceStep, null, Map.of("k", "v")),
                        new DomainEvent.Metadata(UUID.randomUUID(), UUID.randomUUID(), "step", namespace, null, at,
                                "test")));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> leaf = leaf();
        Arbitrary<String> task = Arbitraries.oneOf(object(field("task_name", leaf), field("task_uuid", leaf)), leaf);
        Arbitrary<String> step = Arbitraries.oneOf(object(field("task", task), field("workflow_step", leaf)), leaf);
        Arbitrary<String> payload = Arbitraries.oneOf(
                object(field("task_sequence_step", step), field("execution_result", leaf)), leaf);
        Arbitrary<String> metadata = Arbitraries.oneOf(
                object(field("namespace", leaf), field("fired_at", leaf), field("step_name", leaf)), leaf);
        Arbitrary<String> root = object(field("payload", payload), field("metadata", metadata),
                field("event_id", leaf));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, root),
                net.jqwik.api.Tuple.of(2, root.map(json -> json.substring(0, json.length() / 2))),
                net.jqwik.api.Tuple.of(1, leaf));
    }

    private static Arbitrary<String> leaf() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(6).map(CloudEventAttributesTest::quoted);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, text),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("null", "12", "-1.50", "1e3", "true", "false", "{}", "[]",
                        "{\"task_name\":\"x\"}", "[\"a\", {\"namespace\":\"b\"}]", "\"\"")));
    }

    @SafeVarargs
    private static Arbitrary<String> object(Arbitrary<String>... fields) {
        return Arbitraries.oneOf(java.util.List.of(fields)).list().ofMaxSize(4)
                .map(list -> "{" + String.join(",", list) + "}");
    }

    private static Arbitrary<String> field(String name, Arbitrary<String> value) {
        return value.map(v -> quoted(name) + ":" + v);
    }

    private static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
