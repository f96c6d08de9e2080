package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.testing.ChildGateway;
import dev.tasker.gateway.testing.GatewayProcessMain;
import dev.tasker.gateway.testing.GatewayYaml;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as an operator runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class GatewayProcessTest {

    private static final String KEY = "ops_key_4444444444444444";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", "0");
        env.put("GATEWAY_DATA_DIR", home.resolve("data").toString());
        env.put("GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString());
        env.put("GATEWAY_API_KEYS", "ops:" + KEY + ":read+execute");
        env.putAll(extra);
        return env;
    }

    private CompletableFuture<HttpResponse<String>> postSlowStep(int port, Path releaseFile) {
        String body = "{\"step_definition\":{\"handler\":{\"callable\":\"slow\"}},"
                + "\"task\":{\"task\":{\"context\":{\"release_file\":\"" + releaseFile + "\"}}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/steps"))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .header("X-Request-Id", "drain-test-1").timeout(GENEROUS)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sigtermDuringASlowStepTurnsReadinessDownAnswersTheStepAndExitsZero() throws Exception {
        Path release = home.resolve("release");
        try (ChildGateway gateway = ChildGateway.start(GatewayProcessMain.class.getName(), env(Map.of(
                "GATEWAY_LOG_FORMAT", "json", "GATEWAY_SHUTDOWN_DELAY", "15s", "GATEWAY_DRAIN_TIMEOUT", "60s")))) {
            int port = gateway.awaitPort();
            CompletableFuture<HttpResponse<String>> step = postSlowStep(port, release);
            gateway.awaitLine(line -> line.contains("slow step started"), GENEROUS);

            gateway.destroy();
            gateway.awaitLine(line -> line.contains("readiness now answers 503"), GENEROUS);
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            gateway.awaitLine(line -> line.contains("closing the listener"), GENEROUS);
            assertThat(step).as("the step is still in flight when the listener closes").isNotDone();
            Files.writeString(release, "go");
            HttpResponse<String> answered = step.get(60, TimeUnit.SECONDS);
            int exit = gateway.awaitExit(GENEROUS);

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(ready.body()).at("/checks/accepting/status").asText()).isEqualTo("down");
            assertThat(answered.statusCode()).isEqualTo(200);
            JsonNode result = JSON.readTree(answered.body());
            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.at("/result/released").asBoolean()).isTrue();
            assertThat(exit).isZero();

            List<String> messages = messages(gateway.stdout());
            assertThat(indexOf(messages, "SIGTERM received")).isGreaterThanOrEqualTo(0)
                    .isLessThan(indexOf(messages, "readiness now answers 503"));
            assertThat(indexOf(messages, "readiness now answers 503")).isLessThan(indexOf(messages, "closing the listener"));
            assertThat(indexOf(messages, "closing the listener")).isLessThan(indexOf(messages, "slow step released"));
            assertThat(indexOf(messages, "slow step released")).isLessThan(indexOf(messages, "listener closed"));
            assertThat(indexOf(messages, "listener closed")).isLessThan(indexOf(messages, "Tasker Worker Gateway stopped"));
        }
    }

    @Test
    void jsonLogsAreOneObjectALineAndRequestLinesCarryRequestIdStepUuidAndKeyName() throws Exception {
        Path release = home.resolve("release");
        Files.writeString(release, "go");
        try (ChildGateway gateway = ChildGateway.start(GatewayProcessMain.class.getName(),
                env(Map.of("GATEWAY_LOG_FORMAT", "json")))) {
            int port = gateway.awaitPort();
            HttpResponse<String> answered = postSlowStep(port, release).get(60, TimeUnit.SECONDS);
            String stepUuid = JSON.readTree(answered.body()).get("step_uuid").asText();
            gateway.awaitLine(line -> line.contains("slow step released"), GENEROUS);
            gateway.destroy();
            assertThat(gateway.awaitExit(GENEROUS)).isZero();

            List<JsonNode> lines = new ArrayList<>();
            for (String line : gateway.stdout()) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.isObject()).isTrue());
            assertThat(lines).allSatisfy(line -> assertThat(line.has("@timestamp") && line.has("level")
                    && line.has("logger_name") && line.has("message")).isTrue());
            List<JsonNode> requestLines = lines.stream()
                    .filter(l -> l.get("message").asText().startsWith("slow step")).toList();
            assertThat(requestLines).hasSize(2).allSatisfy(line -> {
                assertThat(line.path("request_id").asText()).isEqualTo("drain-test-1");
                assertThat(line.path("step_uuid").asText()).isEqualTo(stepUuid);
                assertThat(line.path("api_key").asText()).isEqualTo("ops");
            });
            assertThat(gateway.stdout()).noneMatch(line -> line.contains(KEY));
            assertThat(gateway.stderr()).noneMatch(line -> line.contains(KEY));
        }
    }

    @Test
    void stepsStillRunningAfterTheDrainTimeoutDoNotBlockExit() throws Exception {
        try (ChildGateway gateway = ChildGateway.start(GatewayProcessMain.class.getName(),
                env(Map.of("GATEWAY_DRAIN_TIMEOUT", "1s")))) {
            int port = gateway.awaitPort();
            CompletableFuture<HttpResponse<String>> step = postSlowStep(port, home.resolve("never"));
            gateway.awaitLine(line -> line.contains("slow step started"), GENEROUS);

            gateway.destroy();

            assertThat(gateway.awaitExit(GENEROUS)).isZero();
            assertThat(gateway.stdout()).anyMatch(line -> line.contains("Tasker Worker Gateway stopped"));
            step.cancel(true);
        }
    }

    @Test
    void printConfigShowsEffectiveValuesAndWebhookEndpointsWithSecretsHidden() throws Exception {
        Path file = GatewayYaml.write(home, GatewayYaml.endpoint("orders", "https://hooks.example.com/tasker",
                "events: [\"order.*\"]", "namespaces: [ecommerce]", "retry_schedule: [0s, 5s]"));
        try (ChildGateway printed = ChildGateway.start(Main.class.getName(), env(Map.of(
                "GATEWAY_CONFIG", file.toString(),
                "GATEWAY_DB_URL", "jdbc:postgresql://db:5432/gateway?user=g&password=hunter2",
                "GATEWAY_DRAIN_TIMEOUT", "45s")), "--print-config", "--log-format", "json")) {
            assertThat(printed.awaitExit(GENEROUS)).isZero();
            List<String> out = printed.stdout();

            assertThat(out).contains("api_keys = *** (env GATEWAY_API_KEYS)", "db_url = *** (env GATEWAY_DB_URL)",
                    "drain_timeout = PT45S (env GATEWAY_DRAIN_TIMEOUT)", "log_format = json (flag --log-format)",
                    "port = 0 (env GATEWAY_PORT)", "max_in_flight = 256 (default)");
            String from = " (" + file + ")";
            assertThat(out).containsSubsequence(
                    "webhooks.endpoints[0].name = orders" + from,
                    "webhooks.endpoints[0].url = https://hooks.example.com/tasker" + from,
                    "webhooks.endpoints[0].secret = ***" + from,
                    "webhooks.endpoints[0].events = [order.*]" + from,
                    "webhooks.endpoints[0].namespaces = [ecommerce]" + from,
                    "webhooks.endpoints[0].timeout = PT10S (default)",
                    "webhooks.endpoints[0].retry_schedule = [PT0S, PT5S]" + from,
                    "webhooks.endpoints[0].allow_private_network = true" + from,
                    "webhooks.endpoints[0].max_in_flight = 32 (default)");
            assertThat(String.join("\n", out)).doesNotContain(KEY).doesNotContain("hunter2")
                    .doesNotContain(GatewayYaml.SECRET).doesNotContain(GatewayYaml.SECRET.substring("whsec_".length()));
        }
    }

    @Test
    void invalidValueExitsTwoNamingSettingAndSource() throws Exception {
        try (ChildGateway failed = ChildGateway.start(Main.class.getName(),
                env(Map.of("GATEWAY_DRAIN_TIMEOUT", "whenever")))) {
            assertThat(failed.awaitExit(GENEROUS)).isEqualTo(2);
            assertThat(String.join("\n", failed.stderr()))
                    .contains("invalid value for drain_timeout (from env GATEWAY_DRAIN_TIMEOUT)");
        }
    }

    private static List<String> messages(List<String> jsonLines) throws IOException {
        List<String> messages = new ArrayList<>();
        for (String line : jsonLines) {
            messages.add(JSON.readTree(line).path("message").asText());
        }
        return messages;
    }

    private static int indexOf(List<String> messages, String fragment) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}
