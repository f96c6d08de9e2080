package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.WireJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stream reader of the CloudEvents headers gives what reading the body as a tree gives, for any body. */
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
