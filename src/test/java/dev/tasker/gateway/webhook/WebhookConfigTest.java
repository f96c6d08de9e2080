package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.server.Values;
import dev.tasker.gateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookConfigTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static WebhookConfig parse(String yaml) throws Exception {
        JsonNode root = new YAMLMapper().readTree(yaml);
        return WebhookConfig.parse(root.path("webhooks"), Values::duration);
    }

    @Test
    void parsesTheIssuesExampleWithDefaults() throws Exception {
        WebhookConfig config = parse("""
                webhooks:
                  endpoints:
                    - name: orders
                      url: https://hooks.example.com/tasker
                      secret: %s
                      events: ["order.*", "step.failed"]
                      namespaces: ["ecommerce"]
                      timeout: 10s
                      retry_schedule: [0s, 5s, 30s, 2m]
                    - name: everything
                      url: http://audit.example.com/in
                      secret: %s
                """.formatted(SECRET, SECRET));

        WebhookEndpoint orders = config.endpoint("orders").orElseThrow();
        assertThat(orders.retrySchedule().delays()).containsExactly(Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(2));
        assertThat(orders.accepts("order.confirmed", "ecommerce")).isTrue();
        assertThat(orders.accepts("order.confirmed", "billing")).isFalse();
        assertThat(orders.accepts("step.completed", "ecommerce")).isFalse();
        WebhookEndpoint everything = config.endpoint("everything").orElseThrow();
        assertThat(everything.events()).containsExactly("*");
        assertThat(everything.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(everything.retrySchedule()).isEqualTo(RetrySchedule.DEFAULT);
        assertThat(everything.allowPrivateNetwork()).isFalse();
        assertThat(everything.accepts("anything.at.all", null)).isTrue();
        assertThat(config.endpointsFor("order.shipped", "ecommerce")).extracting(WebhookEndpoint::name)
                .containsExactly("orders", "everything");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "url: ftp://x.example.com|webhooks.endpoints[0].url (endpoint 'a'): expected an absolute",
            "url: https://x.example.com; secret: nope|webhooks.endpoints[0].secret (endpoint 'a'): ",
            "url: https://x.example.com; secret: whsec_AAAA|webhooks.endpoints[0].secret (endpoint 'a'): key must be 24 to 64 bytes",
            "url: https://x.example.com; secret: %s; timeout: soon|webhooks.endpoints[0].timeout (endpoint 'a'): ",
            "url: https://x.example.com; secret: %s; retry_schedule: []|webhooks.endpoints[0].retry_schedule (endpoint 'a'): ",
            "url: https://x.example.com; secret: %s; retry_schedule: [1s, later]|webhooks.endpoints[0].retry_schedule[1] (endpoint 'a'): ",
            "url: https://x.example.com; secret: %s; colour: red|webhooks.endpoints[0].colour (endpoint 'a'): unknown field",
            "url: https://x.example.com; secret: %s; max_in_flight: 0|webhooks.endpoints[0].max_in_flight (endpoint 'a'): "})
    void invalidEntriesNameTheEndpointAndField(String fields, String message) {
        String yaml = "webhooks:\n  endpoints:\n    - name: a\n      "
                + fields.formatted(SECRET).replace("; ", "\n      ") + "\n";

        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(InvalidWebhookConfigException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MfKQ9r8GKYqrTwjU"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "url: not a url|webhooks.endpoints[0].url (endpoint 'orders', from %s): expected an absolute http(s) URL",
            "url: https://x.example.com; timeout: 0s|webhooks.endpoints[0].timeout (endpoint 'orders', from %s): must be positive",
            "url: https://x.example.com; events: {a: 1}|webhooks.endpoints[0].events (endpoint 'orders', from %s): expected"})
    void invalidEndpointStopsStartUpNamingTheSettingAndTheFile(String fields, String message) throws Exception {
        Path yaml = Files.createTempFile("bad-webhooks", ".yaml");
        Files.writeString(yaml, "webhooks:\n  endpoints:\n    - name: orders\n      secret: " + SECRET + "\n      "
                + fields.replace("; ", "\n      ") + "\n");

        assertThatThrownBy(() -> TestGateway.start(Map.of("config", yaml.toString())))
                .hasMessageContaining("invalid value for " + message.formatted(yaml))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MfKQ9r8GKYqrTwjU"));
    }

    @Test
    void aSectionThatIsNotAMappingStopsStartUpNamingTheFile() throws Exception {
        Path yaml = Files.createTempFile("bad-webhooks", ".yaml");
        Files.writeString(yaml, "webhooks: [orders]\n");

        assertThatThrownBy(() -> TestGateway.start(Map.of("config", yaml.toString())))
                .hasMessageContaining("invalid value for webhooks (from " + yaml + "): expected a mapping");
    }

    @Test
    void duplicateNamesAreRefused() {
        String entry = "    - name: a\n      url: https://x.example.com\n      secret: " + SECRET + "\n";

        assertThatThrownBy(() -> parse("webhooks:\n  endpoints:\n" + entry + entry))
                .hasMessageContaining("webhooks.endpoints[1].name (endpoint 'a'): another endpoint has this name");
    }

    @Test
    void missingSectionMeansNoEndpoints() throws Exception {
        assertThat(parse("other: 1").endpoints()).isEmpty();
    }

    @Test
    void endpointAndSecretNeverShowTheKey() throws Exception {
        WebhookConfig config = parse("webhooks:\n  endpoints:\n    - name: a\n      url: https://x.example.com\n"
                + "      secret: " + SECRET + "\n");

        assertThat(config.toString()).doesNotContain("MfKQ9r8GKYqrTwjU");
        assertThat(config.endpoints().get(0).secrets().get(0).toString()).isEqualTo("whsec_***");
    }

    @ParameterizedTest
    @CsvSource({"order.*, order.confirmed, true", "order.*, orders.x, false", "*, step.error, true",
            "step.failed, step.failed, true", "*.failed, step.failed, true", "step.?, step.a, false"})
    void eventGlobs(String glob, String name, boolean matches) {
        assertThat(WebhookEndpoint.globMatches(glob, name)).isEqualTo(matches);
    }

    @Test
    void listOfSecretsSignsWithEach() throws Exception {
        WebhookConfig config = parse("webhooks:\n  endpoints:\n    - name: a\n      url: https://x.example.com\n"
                + "      secret: [" + SECRET + ", whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY" + "]\n");

        String header = WebhookSigner.signatureHeader(config.endpoints().get(0).secrets(), "msg_1", 1700000000,
                "{}".getBytes());
        assertThat(List.of(header.split(" "))).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
    }
}
