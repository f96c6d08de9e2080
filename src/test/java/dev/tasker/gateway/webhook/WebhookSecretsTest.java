package dev.tasker.gateway.webhook;

import static dev.tasker.gateway.testing.WebhookReceiver.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.testing.GatewayYaml;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's secret never leaves the config: not in a log line written while the gateway starts, delivers,
 * fails and redelivers, nor in an operations answer. Its base64 key is checked too, since that is what a
 * careless log of the decoded key would print.
 */
class WebhookSecretsTest {

    @Test
    void theSecretAppearsInNoLogLineAndNoOperationsAnswer() throws Exception {
        String secret = GatewayYaml.SECRET;
        String key = secret.substring("whsec_".length());
        List<String> answers = new ArrayList<>();
        try (LogCapture logs = LogCapture.start(); WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(500, 500);
            Path yaml = GatewayYaml.write(Files.createTempDirectory("gateway-yaml"),
                    GatewayYaml.endpoint("orders", receiver.url().toString(), "retry_schedule: [0s, 100ms, 100ms]"));
            try (TestGateway gateway = TestGateway.start(Map.of("config", yaml.toString(),
                    "webhook_poll_interval", "100ms"))) {
                answers.add(gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}")
                        .body());
                assertThat(receiver.await(3, event("step.completed"), Duration.ofSeconds(30))).hasSize(3);
                for (String path : List.of("/v1/webhooks", "/v1/webhooks/deliveries", "/v1/events/stats",
                        "/v1/plugins", "/metrics", "/health")) {
                    answers.add(gateway.get(path).body());
                }
            }
            List<String> lines = new ArrayList<>(logs.lines());
            lines.addAll(logs.textLines());

            assertThat(lines).as("log lines written").isNotEmpty()
                    .anyMatch(line -> line.contains("orders"));
            assertThat(lines).as("log lines holding the secret or its key")
                    .noneMatch(line -> line.contains(secret) || line.contains(key));
            assertThat(answers).as("operations answers holding the secret or its key")
                    .noneMatch(body -> body.contains(secret) || body.contains(key));
            assertThat(answers.get(1)).contains("\"orders\"");
        }
    }
}
