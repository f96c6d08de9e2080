package dev.tasker.gateway.webhook;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.store.Database;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        closing.add(receiver);
        return receiver;
    }

    private TestGateway gateway(String... endpoints) throws Exception {
        Path yaml = GatewayYaml.write(Files.createTempDirectory("gateway-yaml"), endpoints);
        TestGateway gateway = TestGateway.start(Map.of("config", yaml.toString(), "webhook_poll_interval", "100ms"));
        closing.add(gateway);
        return gateway;
    }

    /** Standard Webhooks verification written from the spec, independent of the gateway's signer. */
    static boolean signatureValid(WebhookReceiver.Received request, String secret) throws Exception {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        for (String signature : request.header("webhook-signature").split(" ")) {
            if (signature.equals("v1," + expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void receiverGetsEachDeclaredEventOnceWithAValidSignatureAndHeaders() throws Exception {
        WebhookReceiver receiver = receiver();
        TestGateway gateway = gateway(GatewayYaml.endpoint("orders", receiver.url().toString()));
        UUID stepUuid = Uuids.v7();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        HttpResponse<String> answer = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                .header("Content-Type", "application/json").header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(EventSteps.confirmed(stepUuid))).build());
        assertThat(answer.statusCode()).isEqualTo(200);

        WebhookReceiver.Received confirmed = receiver.await(1, event("order.confirmed"), AWAIT).get(0);
        receiver.await(1, event("step.completed"), AWAIT);
        receiver.await(1, event("notification.metrics"), AWAIT);
        awaitNoDeliveryPending(gateway);

        assertThat(receiver.received(event("order.confirmed"))).hasSize(1);
        assertThat(receiver.received(event("step.completed"))).hasSize(1);
        assertThat(receiver.received(event("notification.metrics"))).hasSize(1);
        assertThat(receiver.received(event("order.confirmation_failed"))).isEmpty();
        List<String> stored = TestGateway.json(gateway.get("/v1/webhooks/deliveries")).get("deliveries")
                .findValuesAsText("event_name");
        assertThat(stored).as("the outbox holds the durable events, never the fast one")
                .containsExactlyInAnyOrder("order.confirmed", "step.completed");
        for (WebhookReceiver.Received request : receiver.received()) {
            assertThat(signatureValid(request, GatewayYaml.SECRET)).as("signature of %s", request.header("ce-type"))
                    .isTrue();
        }

        JsonNode body = TestGateway.JSON.readTree(confirmed.body());
        assertThat(body.get("event_name").asText()).isEqualTo("order.confirmed");
        assertThat(body.get("event_version").asText()).isEqualTo("1.0");
        assertThat(body.get("event_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(body.at("/payload/payload/order_id").asText()).isEqualTo("ORD-1");
        assertThat(body.at("/payload/execution_result")).isEqualTo(TestGateway.json(answer));
        assertThat(body.at("/payload/task_sequence_step/workflow_step/workflow_step_uuid").asText())
                .isEqualTo(stepUuid.toString());
        assertThat(body.at("/metadata/step_uuid").asText()).isEqualTo(stepUuid.toString());
        assertThat(body.at("/metadata/namespace").asText()).isEqualTo("ecommerce");
        assertThat(body.at("/metadata/step_name").asText()).isEqualTo("send_confirmation");
        assertThat(body.at("/metadata/fired_by").asText()).isEqualTo("DefaultDomainEventPublisher");

        assertThat(confirmed.header("webhook-id")).isEqualTo(body.get("event_id").asText());
        assertThat(Long.parseLong(confirmed.header("webhook-timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300L));
        assertThat(confirmed.header("content-type")).isEqualTo("application/json");
        assertThat(confirmed.header("ce-specversion")).isEqualTo("1.0");
        assertThat(confirmed.header("ce-id")).isEqualTo(body.get("event_id").asText());
        assertThat(confirmed.header("ce-type")).isEqualTo("order.confirmed");
        assertThat(confirmed.header("ce-source")).isEqualTo("/tasker/ecommerce/order_processing");
        assertThat(confirmed.header("ce-time")).isEqualTo(body.at("/metadata/fired_at").asText());
        // taken from the event when it was stored, not read from its body when sent
        try (Connection store = DriverManager.getConnection(Database.embeddedUrl(gateway.home().resolve("data")));
             PreparedStatement query = store.prepareStatement(
                     "SELECT ce_source, ce_time FROM outbox_events WHERE event_id = ?")) {
            query.setObject(1, UUID.fromString(body.get("event_id").asText()));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(confirmed.header("ce-source"));
                assertThat(row.getString(2)).isEqualTo(confirmed.header("ce-time"));
            }
        }
        assertThat(confirmed.header("traceparent")).isEqualTo(traceparent);
        assertThat(receiver.received(event("notification.metrics")).get(0).header("traceparent"))
                .as("a fast event's delivery carries the step's trace too").isEqualTo(traceparent);
        assertThat(confirmed.header("user-agent")).startsWith("tasker-worker-gateway/");
    }

    @Test
    void payloadFailingItsSchemaIsSkippedAndCounted() throws Exception {
        WebhookReceiver receiver = receiver();
        TestGateway gateway = gateway(GatewayYaml.endpoint("orders", receiver.url().toString()));

        gateway.postJson("/v1/steps", EventSteps.echo(Uuids.v7(), "{\"order_id\":\"ORD-2\"}", EventSteps.DECLARED_EVENTS));
        receiver.await(1, event("step.completed"), AWAIT);
        awaitNoDeliveryPending(gateway);

        assertThat(receiver.received(event("order.confirmed"))).isEmpty();
        JsonNode stats = TestGateway.json(gateway.get("/v1/events/stats"));
        JsonNode row = null;
        for (JsonNode r : stats.get("events")) {
            if (r.get("event_name").asText().equals("order.confirmed")) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("skipped").asLong()).isEqualTo(1);
        assertThat(row.get("published").asLong()).isZero();
    }

    @Test
    void receiverFailingTwiceGetsTheEventOnTheThirdAttemptWithOneWebhookId() throws Exception {
        WebhookReceiver receiver = receiver().answer(500, 500);
        TestGateway gateway = gateway(GatewayYaml.endpoint("orders", receiver.url().toString(),
                "events: [\"order.*\"]", "retry_schedule: [0s, 100ms, 100ms, 100ms]"));

        gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7()));
        List<WebhookReceiver.Received> attempts = receiver.await(3, event("order.confirmed"), AWAIT);
        awaitNoDeliveryPending(gateway);

        assertThat(receiver.received(event("order.confirmed"))).hasSize(3);
        assertThat(attempts.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        JsonNode delivery = TestGateway.json(gateway.get("/v1/webhooks/deliveries?endpoint=orders")).at("/deliveries/0");
        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        assertThat(delivery.get("attempts")).hasSize(3);
        assertThat(delivery.at("/attempts/0/status_code").asInt()).isEqualTo(500);
        assertThat(delivery.at("/attempts/1/status_code").asInt()).isEqualTo(500);
        assertThat(delivery.at("/attempts/2/status_code").asInt()).isEqualTo(200);
    }

    @Test
    void retriesUntilScheduleEndsThenMarksDeadAndAnOperatorRetryDelivers() throws Exception {
        WebhookReceiver receiver = receiver().answerAlways(500);
        TestGateway gateway = gateway(GatewayYaml.endpoint("orders", receiver.url().toString(),
                "events: [\"order.confirmed\"]", "retry_schedule: [0s, 50ms]"));

        gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7()));
        JsonNode dead = awaitDelivery(gateway, "dead");
        assertThat(dead.get("attempts")).hasSize(2);

        receiver.answerAlways(200);
        HttpResponse<String> retry = gateway.postJson("/v1/webhooks/deliveries/" + dead.get("id").asText() + "/retry", "");
        assertThat(retry.statusCode()).isEqualTo(202);
        JsonNode delivered = awaitDelivery(gateway, "delivered");

        assertThat(delivered.get("id").asText()).isEqualTo(dead.get("id").asText());
        assertThat(receiver.received(event("order.confirmed"))).hasSize(3);
    }

    @Test
    void goneDisablesTheEndpointAndReplayEnablesAndRedelivers() throws Exception {
        WebhookReceiver receiver = receiver().answer(410);
        TestGateway gateway = gateway(GatewayYaml.endpoint("orders", receiver.url().toString(),
                "events: [\"order.confirmed\"]", "retry_schedule: [0s, 50ms, 50ms]"));
        Instant before = Instant.now().minusSeconds(5);

        gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7()));
        receiver.await(1, event("order.confirmed"), AWAIT);
        JsonNode endpoint = awaitEndpointState(gateway, "disabled");
        assertThat(endpoint.get("disabled_reason").asText()).contains("410");
        assertThat(endpoint.has("secret")).isFalse();
        assertThat(gateway.get("/v1/webhooks").body()).doesNotContain(GatewayYaml.SECRET.substring(6, 20));

        HttpResponse<String> replay = gateway.postJson("/v1/webhooks/orders/replay?since=" + before, "");
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(TestGateway.json(replay).get("replayed").asInt()).isEqualTo(1);
        awaitDelivery(gateway, "delivered");

        assertThat(receiver.received(event("order.confirmed"))).hasSize(2);
        assertThat(awaitEndpointState(gateway, "enabled").get("consecutive_failures").asInt()).isZero();
    }

    @Test
    void goneToAFastEventDisablesTheEndpointAndLaterFastEventsSkipIt() throws Exception {
        WebhookReceiver gone = receiver().answer(410);
        WebhookReceiver witness = receiver();
        // only the fast event notification.metrics goes to either: the outbox never sends them anything
        TestGateway gateway = gateway(
                GatewayYaml.endpoint("gone", gone.url().toString(), "events: [\"notification.metrics\"]"),
                GatewayYaml.endpoint("witness", witness.url().toString(), "events: [\"notification.metrics\"]"));

        gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7()));
        gone.await(1, event("notification.metrics"), AWAIT);
        JsonNode disabled = awaitEndpointState(gateway, "gone", "disabled");
        assertThat(disabled.get("disabled_reason").asText()).contains("410 Gone");

        gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7()));
        // a fast event is sent to its endpoints in config order: once the witness has the second event,
        // the disabled endpoint's turn for it has passed
        witness.await(2, event("notification.metrics"), AWAIT);

        assertThat(gone.received(event("notification.metrics"))).as("fast events sent to the disabled endpoint")
                .hasSize(1);
        assertThat(awaitEndpointState(gateway, "witness", "enabled")).isNotNull();
    }

    @Test
    void blockedReceiverDoesNotHoldBackStepAnswersOrOtherEndpoints() throws Exception {
        WebhookReceiver slow = receiver();
        WebhookReceiver fast = receiver();
        slow.hold();
        TestGateway gateway = gateway(
                GatewayYaml.endpoint("slow", slow.url().toString(), "events: [\"order.confirmed\"]",
                        "timeout: 120s", "max_in_flight: 2"),
                GatewayYaml.endpoint("fast", fast.url().toString(), "events: [\"order.confirmed\"]"));

        int steps = 10;
        for (int i = 0; i < steps; i++) {
            assertThat(gateway.postJson("/v1/steps", EventSteps.confirmed(Uuids.v7())).statusCode()).isEqualTo(200);
        }
        fast.await(steps, event("order.confirmed"), AWAIT);

        assertThat(slow.received()).hasSizeLessThanOrEqualTo(2); // still blocked: only its own slots are taken
        slow.release();
        slow.await(steps, event("order.confirmed"), AWAIT);
    }

    private static JsonNode awaitDelivery(TestGateway gateway, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode list = TestGateway.json(gateway.get("/v1/webhooks/deliveries?status=" + status));
            if (list.get("count").asInt() > 0) {
                return list.at("/deliveries/0");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no delivery became " + status + ": "
                + gateway.get("/v1/webhooks/deliveries").body());
    }

    private static JsonNode awaitEndpointState(TestGateway gateway, String name, String state)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode endpoint : TestGateway.json(gateway.get("/v1/webhooks")).get("endpoints")) {
                if (endpoint.get("name").asText().equals(name) && endpoint.get("state").asText().equals(state)) {
                    return endpoint;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("endpoint " + name + " never became " + state + ": " + gateway.get("/v1/webhooks").body());
    }

    private static JsonNode awaitEndpointState(TestGateway gateway, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode endpoint = TestGateway.json(gateway.get("/v1/webhooks")).at("/endpoints/0");
            if (endpoint.get("state").asText().equals(state)) {
                return endpoint;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("endpoint never became " + state);
    }

    static void awaitNoDeliveryPending(TestGateway gateway) throws InterruptedException {
        Instant deadline = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode pending = TestGateway.json(gateway.get("/v1/webhooks/deliveries?status=pending"));
            JsonNode failed = TestGateway.json(gateway.get("/v1/webhooks/deliveries?status=failed"));
            if (pending.get("count").asInt() == 0 && failed.get("count").asInt() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("deliveries still pending");
    }
}
