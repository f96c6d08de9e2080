package dev.tasker.gateway.webhook;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayProcess;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.PostgresDatabase;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as separate processes: killed with SIGKILL and restarted, and two instances on one PostgreSQL. */
class GatewayProcessDeliveryTest {

    private static final Duration AWAIT = Duration.ofSeconds(90);
    private static final String PATIENT_SCHEDULE = "retry_schedule: [0s, 200ms, 500ms, 1s, 1s, 1s, 1s, 1s, 1s, 1s, "
            + "1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]";

    @TempDir
    Path home;

    private Map<String, String> env(Path yaml, String dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_CONFIG", yaml.toString());
        env.put("GATEWAY_DATA_DIR", home.resolve(dataDir).toString());
        env.put("GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString());
        env.put("GATEWAY_WEBHOOK_POLL_INTERVAL", "100ms");
        return env;
    }

    @Test
    void everyAnsweredStepsEventsArriveAfterSigkillAndRestartOnceTheReceiverIsUp() throws Exception {
        int receiverPort = freePort();
        Path yaml = GatewayYaml.write(home, GatewayYaml.endpoint("orders",
                "http://127.0.0.1:" + receiverPort + "/hooks", "events: [\"order.confirmed\"]", PATIENT_SCHEDULE));
        Map<String, String> env = env(yaml, "data");
        Path log = home.resolve("gateway.log");

        Set<String> answered = new java.util.HashSet<>();
        GatewayProcess first = GatewayProcess.start(env, log);
        try {
            for (int i = 0; i < 20; i++) {
                UUID stepUuid = Uuids.v7();
                HttpResponse<String> answer = first.postJson("/v1/steps", EventSteps.confirmed(stepUuid));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                answered.add(stepUuid.toString());
            }
        } finally {
            first.kill();
        }

        try (GatewayProcess second = GatewayProcess.start(env, log);
             WebhookReceiver receiver = WebhookReceiver.start(receiverPort)) {
            List<WebhookReceiver.Received> events = receiver.await(answered.size(), event("order.confirmed"), AWAIT);
            Set<String> delivered = events.stream().map(r -> stepUuidOf(r)).collect(Collectors.toSet());
            assertThat(delivered).as(second.log()).containsAll(answered);
        }
    }

    /**
     * SIGKILL while steps are answered and their deliveries' attempts are recorded in batches (the kill comes
     * once batches of more than one attempt were committed, with steps still arriving). After a restart every
     * answered step's event arrives; every delivery marked delivered has the 2xx attempt that delivered it in
     * its log; and an event sent more than once (its attempt was not recorded before the kill) kept its
     * webhook-id.
     */
    @Test
    void sigkillWhileAttemptsAreRecordedInBatchesLosesNoDeliveryAndMarksNoneDeliveredWithoutItsAttempt()
            throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(home, GatewayYaml.endpoint("orders", receiver.url().toString(),
                    "events: [\"step.completed\"]", PATIENT_SCHEDULE));
            Map<String, String> env = env(yaml, "data");
            Path log = home.resolve("gateway.log");
            Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
            GatewayProcess first = GatewayProcess.start(env, log);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
            long recorded;
            long transactions;
            try {
                for (int c = 0; c < 4; c++) {
                    clients.submit(() -> {
                        while (!stop.get()) {
                            UUID stepUuid = Uuids.v7();
                            try {
                                HttpResponse<String> answer = first.postJson("/v1/steps",
                                        EventSteps.echo(stepUuid, "{}", "[]"));
                                if (answer.statusCode() == 200) {
                                    answered.add(stepUuid.toString());
                                }
                            } catch (RuntimeException killed) {
                                return; // the gateway is gone
                            }
                        }
                    });
                }
                JsonNode outbox = TestGateway.json(first.get("/v1/events/stats")).at("/outbox");
                for (int i = 0; i < 600 && !(outbox.path("recorded_attempts").asLong() >= 150
                        && outbox.path("recorded_attempts").asLong() > outbox.path("attempt_transactions").asLong());
                     i++) {
                    Thread.sleep(50);
                    outbox = TestGateway.json(first.get("/v1/events/stats")).at("/outbox");
                }
                recorded = outbox.path("recorded_attempts").asLong();
                transactions = outbox.path("attempt_transactions").asLong();
            } finally {
                first.kill(); // while the clients still send steps and their deliveries are being recorded
                stop.set(true);
                clients.shutdown();
                clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(recorded).as("attempts were recorded before the kill").isGreaterThanOrEqualTo(150);
            assertThat(transactions).as("in batches of more than one").isLessThan(recorded);

            try (GatewayProcess second = GatewayProcess.start(env, log)) {
                List<WebhookReceiver.Received> events = receiver.await(answered.size(), event("step.completed"), AWAIT);
                awaitNothingPending(second);
                Set<String> delivered = receiver.received().stream().map(r -> stepUuidOf(r)).collect(Collectors.toSet());
                assertThat(delivered).as(second.log()).containsAll(answered);

                JsonNode list = TestGateway.json(second.get("/v1/webhooks/deliveries?endpoint=orders&limit=1000"));
                assertThat(list.path("count").asInt()).isLessThan(1000).isGreaterThanOrEqualTo(answered.size());
                Set<String> receivedIds = receiver.received().stream().map(r -> r.header("webhook-id"))
                        .collect(Collectors.toSet());
                for (JsonNode delivery : list.path("deliveries")) {
                    assertThat(delivery.path("status").asText()).as(delivery.toString()).isEqualTo("delivered");
                    JsonNode attempts = delivery.path("attempts");
                    assertThat(attempts.size()).as(delivery.toString()).isPositive();
                    assertThat(attempts.get(attempts.size() - 1).path("status_code").asInt()).as(delivery.toString())
                            .isBetween(200, 299);
                    assertThat(receivedIds).contains(delivery.path("event_id").asText());
                }
                assertThat(receivedIds).hasSize(list.path("count").asInt());
                assertThat(events).isNotEmpty();
            }
        }
    }

    @Test
    void twoProcessesOnOnePostgresDeliverEveryEventAndNoneTwice() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create();
             WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(home, GatewayYaml.endpoint("orders", receiver.url().toString(),
                    "events: [\"order.confirmed\", \"step.completed\"]", "max_in_flight: 8"));
            Map<String, String> envA = env(yaml, "data-a");
            envA.put("GATEWAY_DB_URL", database.jdbcUrl());
            Map<String, String> envB = env(yaml, "data-b");
            envB.put("GATEWAY_DB_URL", database.jdbcUrl());
            try (GatewayProcess a = GatewayProcess.start(envA, home.resolve("a.log"));
                 GatewayProcess b = GatewayProcess.start(envB, home.resolve("b.log"))) {
                int steps = 60;
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < steps; i++) {
                    GatewayProcess target = i % 2 == 0 ? a : b;
                    String body = EventSteps.confirmed(Uuids.v7());
                    answers.add(CompletableFuture.supplyAsync(() -> target.postJson("/v1/steps", body)));
                }
                for (CompletableFuture<HttpResponse<String>> answer : answers) {
                    assertThat(answer.get().statusCode()).isEqualTo(200);
                }

                receiver.await(steps, event("order.confirmed"), AWAIT);
                receiver.await(steps, event("step.completed"), AWAIT);
                awaitNothingPending(a);

                List<String> ids = receiver.received().stream().map(r -> r.header("webhook-id")).toList();
                assertThat(ids).hasSize(2 * steps);
                assertThat(Set.copyOf(ids)).hasSize(2 * steps);
                JsonNode stats = TestGateway.json(a.get("/v1/events/stats"));
                assertThat(stats.at("/outbox/deliveries/orders/delivered").asLong()).isEqualTo(2L * steps);
            }
        }
    }

    private static void awaitNothingPending(GatewayProcess gateway) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode counts = TestGateway.json(gateway.get("/v1/events/stats")).at("/outbox/deliveries/orders");
            if (counts.path("pending").asLong() == 0 && counts.path("failed").asLong() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deliveries still pending");
    }

    private static String stepUuidOf(WebhookReceiver.Received request) {
        try {
            return TestGateway.JSON.readTree(request.body()).at("/metadata/step_uuid").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
