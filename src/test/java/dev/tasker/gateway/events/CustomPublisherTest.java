package dev.tasker.gateway.events;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.DeliveryMode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A publisher registered from outside (as a plugin loader would) and in-process listeners of fast events. */
class CustomPublisherTest {

    static final class AuditPublisher implements StepEventPublisher {
        @Override
        public String name() {
            return "audit";
        }

        @Override
        public PublishResult publish(StepEventContext context) {
            return PublishResult.of(List.of(
                    context.publish("audit.recorded", Map.of("step", context.stepName()), DeliveryMode.BROADCAST),
                    context.publish("audit.metrics", Map.of("ok", context.stepSucceeded()), DeliveryMode.FAST)),
                    List.of());
        }
    }

    @Test
    void stepNamingARegisteredPublisherGetsItsEventsDeliveredAndListenersSeeFastOnes() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(Files.createTempDirectory("custom-publisher"),
                    GatewayYaml.endpoint("audit", receiver.url().toString(), "events: [\"audit.*\"]"));
            try (TestGateway gateway = TestGateway.start(Map.of("config", yaml.toString()))) {
                gateway.server().application().publishers().register(new AuditPublisher());
                List<String> heard = new CopyOnWriteArrayList<>();
                CountDownLatch twoHeard = new CountDownLatch(2);
                gateway.server().application().fastEvents().addListener(e -> {
                    throw new IllegalStateException("a broken listener");
                });
                gateway.server().application().fastEvents().addListener(e -> {
                    heard.add(e.event().eventName());
                    twoHeard.countDown();
                });
                String declared = "[{\"name\":\"anything\",\"publisher\":\"audit\"}]";

                gateway.postJson("/v1/steps", EventSteps.echo(Uuids.v7(), "{}", declared));

                WebhookReceiver.Received recorded = receiver.await(1, event("audit.recorded"), Duration.ofSeconds(30)).get(0);
                receiver.await(1, event("audit.metrics"), Duration.ofSeconds(30));
                JsonNode body = TestGateway.JSON.readTree(recorded.body());
                assertThat(body.at("/metadata/fired_by").asText()).isEqualTo("audit");
                assertThat(body.at("/payload/payload/step").asText()).isEqualTo("send_confirmation");
                assertThat(twoHeard.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(heard).containsExactlyInAnyOrder("audit.recorded", "audit.metrics");
                assertThat(receiver.received(event("anything"))).isEmpty();
            }
        }
    }

    @Test
    void eventWhosePayloadCannotBeWrittenAsJsonIsDroppedAndTheStepIsStillAnswered() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(Files.createTempDirectory("bad-payload"),
                    GatewayYaml.endpoint("all", receiver.url().toString()));
            try (TestGateway gateway = TestGateway.start(Map.of("config", yaml.toString()))) {
                gateway.server().application().publishers().register(new StepEventPublisher() {
                    @Override
                    public String name() {
                        return "cyclic";
                    }

                    @Override
                    public PublishResult publish(StepEventContext context) {
                        Map<String, Object> cyclic = new java.util.HashMap<>();
                        cyclic.put("self", cyclic);
                        return PublishResult.of(List.of(context.publish("bad.payload", cyclic, DeliveryMode.DURABLE),
                                context.publish("good.payload", Map.of("ok", true), DeliveryMode.DURABLE)), List.of());
                    }
                });

                var answer = gateway.postJson("/v1/steps",
                        EventSteps.echo(Uuids.v7(), "{}", "[{\"name\":\"x\",\"publisher\":\"cyclic\"}]"));

                assertThat(answer.statusCode()).isEqualTo(200);
                receiver.await(1, event("good.payload"), Duration.ofSeconds(30));
                receiver.await(1, event("step.completed"), Duration.ofSeconds(30));
                assertThat(receiver.received(event("bad.payload"))).isEmpty();
            }
        }
    }
}
