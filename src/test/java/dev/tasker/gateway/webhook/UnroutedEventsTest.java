package dev.tasker.gateway.webhook;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Durable events that no configured endpoint subscribes to are not stored (issue 9: they were most of what
 * a step wrote), unless {@code store_unrouted_events} keeps them for a later replay. The step's result is
 * stored either way.
 */
class UnroutedEventsTest {

    private static TestGateway gateway(WebhookReceiver receiver, boolean storeUnrouted) throws Exception {
        Path yaml = GatewayYaml.write(Files.createTempDirectory("gateway-yaml"),
                GatewayYaml.endpoint("orders", receiver.url().toString(), "events: [\"order.*\"]"));
        Map<String, String> settings = new HashMap<>(Map.of("config", yaml.toString()));
        if (storeUnrouted) {
            settings.put("store_unrouted_events", "true");
        }
        return TestGateway.start(settings);
    }

    private static long storedEvents(TestGateway gateway) {
        return TestGateway.json(gateway.get("/v1/events/stats")).at("/outbox/stored_events").asLong();
    }

    @Test
    void onlyEventsAnEndpointSubscribesToAreStoredAndTheResultAlways() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(); TestGateway gateway = gateway(receiver, false)) {
            var plain = Uuids.v7();
            HttpResponse<String> answer = gateway.postJson("/v1/steps", EventSteps.echo(plain, "{}", "[]"));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(storedEvents(gateway)).as("step.completed: no endpoint subscribes").isZero();
            assertThat(gateway.get("/v1/steps/" + plain).statusCode()).isEqualTo(200);

            assertThat(gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7())).statusCode()).isEqualTo(200);
            assertThat(storedEvents(gateway)).as("order.confirmed only").isEqualTo(1);
            receiver.await(1, event("order.confirmed"), Duration.ofSeconds(30));
        }
    }

    @Test
    void storeUnroutedEventsKeepsThemForAReplayToAnEndpointThatSubscribesLater() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(); TestGateway gateway = gateway(receiver, true)) {
            assertThat(gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7())).statusCode()).isEqualTo(200);
            assertThat(storedEvents(gateway)).as("order.confirmed and step.completed").isEqualTo(2);
        }
    }
}
