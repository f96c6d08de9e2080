package dev.tasker.gateway.webhook;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.PrometheusText;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production gateway delivers through {@link PrivateNetworkTargetGuard}: a cloud metadata target is
 * refused at the attempt (even with {@code allow_private_network}) and the refusal is recorded in the
 * delivery log and the metrics, while a local receiver that opted in still gets its events.
 */
class DeliveryTargetGuardWiringTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Test
    void deliveryToTheCloudMetadataAddressIsRefusedAndRecordedWhileAnOptedInReceiverGetsItsEvent() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(Files.createTempDirectory("gateway-yaml"),
                    GatewayYaml.endpoint("metadata", "http://169.254.169.254/latest/meta-data/",
                            "events: [\"order.confirmed\"]", "retry_schedule: [0s]"),
                    GatewayYaml.endpoint("orders", receiver.url().toString(), "events: [\"order.confirmed\"]"));
            try (TestGateway gateway = TestGateway.start(Map.of("config", yaml.toString(),
                    "webhook_poll_interval", "100ms"))) {
                PrometheusText before = PrometheusText.parse(gateway.get("/metrics").body());

                assertThat(gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7())).statusCode()).isEqualTo(200);
                receiver.await(1, event("order.confirmed"), AWAIT);
                JsonNode refused = awaitRefusal(gateway);
                PrometheusText after = PrometheusText.parse(gateway.get("/metrics").body());

                assertThat(refused.get("last_error").asText()).startsWith("blocked:")
                        .contains("169.254.169.254").contains("cloud metadata");
                assertThat(refused.at("/attempts/0/status_code").isNull()).isTrue();
                assertThat(refused.at("/attempts/0/error").asText()).contains("cloud metadata");
                assertThat(after.value("gateway_webhook_delivery_attempts_total",
                        Map.of("endpoint", "metadata", "outcome", "blocked"))
                        - before.value("gateway_webhook_delivery_attempts_total",
                        Map.of("endpoint", "metadata", "outcome", "blocked"))).isGreaterThanOrEqualTo(1);
                assertThat(after.value("gateway_webhook_delivery_attempts_total",
                        Map.of("endpoint", "orders", "outcome", "delivered"))).isGreaterThanOrEqualTo(1);
                assertThat(after.samples()).anyMatch(s -> s.name().equals("gateway_events_total")
                        && s.labels().get("outcome").equals("published") && s.value() >= 1);
                assertThat(after.samples()).anyMatch(s -> s.name().equals("gateway_outbox_depth"));
            }
        }
    }

    private static JsonNode awaitRefusal(TestGateway gateway) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = TestGateway.json(gateway.get("/v1/webhooks/deliveries?endpoint=metadata"));
            for (JsonNode delivery : list.path("deliveries")) {
                if (delivery.path("attempts").size() > 0 && !delivery.path("last_error").isNull()) {
                    return delivery;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no refused attempt recorded: " + gateway.get("/v1/webhooks/deliveries").body());
    }
}
