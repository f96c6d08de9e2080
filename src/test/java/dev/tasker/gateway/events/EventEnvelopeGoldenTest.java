package dev.tasker.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.DeliveryMode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default publisher's envelope against the golden {@code event-01}: input-06 with output-01's result. */
class EventEnvelopeGoldenTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private static JsonNode vector(String name) throws IOException {
        try (InputStream in = EventEnvelopeGoldenTest.class.getResourceAsStream("/contract/vectors/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void durableOrderConfirmedMatchesTheGoldenEventExceptItsNewId() throws Exception {
        JsonNode golden = vector("event-01-domain-event-durable.json");
        TaskSequenceStep step = JSON.treeToValue(vector("input-06-publishes-events.task-sequence-step.json"),
                TaskSequenceStep.class);
        StepExecutionResult result = JSON.treeToValue(golden.at("/payload/execution_result"), StepExecutionResult.class);
        Clock firedAt = Clock.fixed(Instant.parse(golden.at("/metadata/fired_at").asText()), ZoneOffset.UTC);
        StepEventContext context = new StepEventContext(step, result, "send_confirmation",
                DefaultStepEventPublisher.NAME, firedAt);

        PublishResult published = new DefaultStepEventPublisher(new PayloadSchemaValidator(JSON)).publish(context);

        assertThat(published.skipped()).isEmpty();
        List<PublishedEvent> events = context.published();
        assertThat(events).extracting(e -> e.event().eventName())
                .containsExactly("order.confirmed", "notification.metrics");
        assertThat(events).extracting(PublishedEvent::deliveryMode).containsExactly(DeliveryMode.DURABLE, DeliveryMode.FAST);
        ObjectNode actual = (ObjectNode) JSON.readTree(JSON.writeValueAsString(events.get(0).event()));
        assertThat(actual.get("event_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        actual.put("event_id", golden.get("event_id").asText());
        assertThat(actual).isEqualTo(golden);
    }
}
