package dev.tasker.gateway.webhook;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery keeps pace with the steps that fire the events: under a sustained closed-loop load the
 * outbox stays shallow all along, by counts (undelivered deliveries sampled while the load runs), not by time.
 * Before issue 9 deliveries ran at about a third of the step rate and the outbox grew with every step sent.
 */
class DeliveryPaceTest {

    private static final int CLIENTS = 8;
    private static final int STEPS_PER_CLIENT = 250;
    private static final int SAMPLE_EVERY = 10;
    /**
     * The most undelivered events the outbox may hold at any sample: the steps in flight, the endpoint's
     * attempts in flight and the events of one claim round being committed, a few times over; far below what
     * a backlog growing with the load reaches (hundreds).
     */
    private static final int MAX_UNDELIVERED = 4 * (CLIENTS + WebhookConfig.DEFAULT_MAX_IN_FLIGHT);

    @Test
    void outboxStaysShallowWhileStepsRunFlatOutAndEveryEventArrivesOnce() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(Files.createTempDirectory("gateway-yaml"),
                    GatewayYaml.endpoint("orders", receiver.url().toString(), "events: [\"step.completed\"]"));
            try (TestGateway gateway = TestGateway.start(Map.of("config", yaml.toString()))) {
                AtomicLong deepest = new AtomicLong();
                AtomicInteger answered = new AtomicInteger();
                List<Long> samples = new ArrayList<>();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        running.add(clients.submit(() -> {
                            for (int i = 1; i <= STEPS_PER_CLIENT; i++) {
                                HttpResponse<String> answer = gateway.postJson("/v1/steps",
                                        EventSteps.echo(Uuids.v7(), "{\"n\":" + i + "}", "[]"));
                                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                                answered.incrementAndGet();
                                if (i % SAMPLE_EVERY == 0) {
                                    long depth = undelivered(gateway);
                                    synchronized (samples) {
                                        samples.add(depth);
                                    }
                                    deepest.accumulateAndGet(depth, Math::max);
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> client : running) {
                        client.get();
                    }
                } finally {
                    clients.shutdownNow();
                }
                int steps = CLIENTS * STEPS_PER_CLIENT;
                assertThat(answered.get()).isEqualTo(steps);
                assertThat(deepest.get()).as("undelivered events sampled during the load: %s", samples)
                        .isLessThanOrEqualTo(MAX_UNDELIVERED);

                List<WebhookReceiver.Received> delivered = receiver.await(steps, event("step.completed"),
                        Duration.ofSeconds(60));
                assertThat(delivered.stream().map(r -> r.header("webhook-id")).collect(
                        java.util.stream.Collectors.toSet())).hasSize(steps);
                assertThat(Set.copyOf(receiver.received().stream().map(r -> r.header("webhook-id")).toList()))
                        .hasSize(steps);
            }
        }
    }

    /** Deliveries pending or failed (due again later) in the store. */
    private static long undelivered(TestGateway gateway) {
        JsonNode counts = TestGateway.json(gateway.get("/v1/events/stats")).at("/outbox/deliveries/orders");
        return counts.path("pending").asLong() + counts.path("failed").asLong();
    }
}
