package dev.tasker.gateway.plugin;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.events.StepEventPublisher;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.EventSteps;
import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step event publishers contributed by plugin jars through {@code ServiceLoader}. */
class PluginPublisherTest {

    static String publisher(String className, String name) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import dev.tasker.gateway.events.PublishResult;
                import dev.tasker.gateway.events.StepEventContext;
                import dev.tasker.gateway.events.StepEventPublisher;
                import dev.tasker.gateway.model.DeliveryMode;
                import java.util.List;
                import java.util.Map;

                public class %s implements StepEventPublisher {
                    public String name() { return "%s"; }
                    public PublishResult publish(StepEventContext context) {
                        return PublishResult.of(List.of(context.publish("plugin.audited",
                                Map.of("step", context.stepName()), DeliveryMode.DURABLE)), List.of());
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), name);
    }

    @Test
    void publisherFromAPluginJarPublishesTheStepsEventsAndADuplicateNameIsALoadFailure() throws Exception {
        Path plugins = Files.createTempDirectory("publisher-plugins");
        PluginJarBuilder.create().source("plugin.pub.Audit", publisher("plugin.pub.Audit", "plugin-audit"))
                .service(StepEventPublisher.class, "plugin.pub.Audit").writeTo(plugins.resolve("audit.jar"));
        PluginJarBuilder.create().source("plugin.dup.Audit", publisher("plugin.dup.Audit", "plugin-audit"))
                .service(StepEventPublisher.class, "plugin.dup.Audit").writeTo(plugins.resolve("zz-duplicate.jar"));
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path yaml = GatewayYaml.write(plugins.getParent().resolve("yaml-" + plugins.getFileName()),
                    GatewayYaml.endpoint("audit", receiver.url().toString(), "events: [\"plugin.*\"]"));
            try (TestGateway gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString(),
                    "config", yaml.toString()))) {
                assertThat(TestGateway.json(gateway.get("/v1/events/stats")).get("publishers").toString())
                        .contains("plugin-audit");

                gateway.postJson("/v1/steps", EventSteps.echo(Uuids.v7(), "{}",
                        "[{\"name\":\"ignored\",\"publisher\":\"plugin-audit\"}]"));

                WebhookReceiver.Received audited = receiver.await(1, event("plugin.audited"), Duration.ofSeconds(30)).get(0);
                JsonNode body = TestGateway.JSON.readTree(audited.body());
                assertThat(body.at("/metadata/fired_by").asText()).isEqualTo("plugin-audit");
                assertThat(body.at("/payload/payload/step").asText()).isEqualTo("send_confirmation");
                String pluginsStatus = gateway.get("/v1/plugins").body();
                assertThat(pluginsStatus).contains("name_taken").contains("plugin.dup.Audit");
            }
        }
    }

    @Test
    void aReloadKeepsAPluginPublisherServingAndANamelessOneIsAnInvalidHandlerFailure() throws Exception {
        Path plugins = Files.createTempDirectory("publisher-plugins");
        PluginJarBuilder.create().source("plugin.pub.Audit", publisher("plugin.pub.Audit", "plugin-audit"))
                .service(StepEventPublisher.class, "plugin.pub.Audit").writeTo(plugins.resolve("audit.jar"));
        PluginJarBuilder.create().source("plugin.blank.Audit", publisher("plugin.blank.Audit", " "))
                .service(StepEventPublisher.class, "plugin.blank.Audit").writeTo(plugins.resolve("blank.jar"));
        try (TestGateway gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()))) {
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.postJson("/v1/plugins/reload", "").statusCode()).isEqualTo(200);
            }

            assertThat(TestGateway.json(gateway.get("/v1/events/stats")).get("publishers").toString())
                    .contains("plugin-audit");
            JsonNode failures = TestGateway.json(gateway.get("/v1/plugins")).get("failures");
            assertThat(failures).singleElement().satisfies(failure -> {
                assertThat(failure.get("jar").asText()).isEqualTo("blank.jar");
                assertThat(failure.get("class_name").asText()).isEqualTo("plugin.blank.Audit");
                assertThat(failure.get("kind").asText()).isEqualTo("invalid_handler");
            });
        }
    }
}
