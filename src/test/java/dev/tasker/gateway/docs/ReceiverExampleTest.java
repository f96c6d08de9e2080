package dev.tasker.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python receiver in {@code docs/events.md}, run as written (only its port changed) with the machine's
 * {@code python3}: it accepts what the gateway signs with its secret, and refuses (401) a delivery signed with
 * another one, so the guide's verification recipe and the gateway's signer agree, written apart.
 */
class ReceiverExampleTest {

    private static final Path GUIDE = Path.of("docs/events.md");
    private static final Pattern PYTHON_BLOCK = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SECRET = Pattern.compile("SECRET = \"(whsec_[^\"]+)\"");
    private static final String LISTEN = "ThreadingHTTPServer((\"\", 9000), Receiver)";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private Process python;
    private TestGateway gateway;
    private final List<String> printed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (python != null) {
            python.destroyForcibly();
        }
    }

    @Test
    void theGuidesReceiverAcceptsTheGatewaysSignatureAndRefusesAnotherSecret() throws Exception {
        String guide = Files.readString(GUIDE);
        Matcher block = PYTHON_BLOCK.matcher(guide);
        assertThat(block.find()).as("a python block in %s", GUIDE).isTrue();
        String receiver = block.group(1);
        Matcher secret = SECRET.matcher(receiver);
        assertThat(secret.find()).as("the receiver's SECRET line").isTrue();
        assertThat(receiver).as("the receiver listens on port 9000").contains(LISTEN);
        int port = freePort();
        Path script = home.resolve("receiver.py");
        Files.writeString(script, receiver.replace(LISTEN, "ThreadingHTTPServer((\"127.0.0.1\", " + port + "), Receiver)"));
        startPython(script, port);

        Path yaml = home.resolve("gateway.yaml");
        Files.writeString(yaml, "webhooks:\n  endpoints:\n"
                + endpoint("guide", port, secret.group(1))
                + endpoint("wrong-secret", port, "whsec_" + "QW5vdGhlclNlY3JldEFub3RoZXJTZWNyZXQxMjM0NTY="));
        gateway = TestGateway.start(Map.of("config", yaml.toString(), "webhook_poll_interval", "100ms"));

        assertThat(gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}")
                .statusCode()).isEqualTo(200);

        JsonNode accepted = awaitDelivery("guide", "delivered");
        JsonNode refused = awaitDelivery("wrong-secret", "failed");
        assertThat(accepted.get("event_name").asText()).isEqualTo("step.completed");
        assertThat(refused.at("/attempts/0/status_code").asInt()).isEqualTo(401);
        assertThat(printed).as("what the receiver printed").anyMatch(line -> line.startsWith("step.completed"));
    }

    private static String endpoint(String name, int port, String secret) {
        return "    - name: " + name + "\n"
                + "      url: http://127.0.0.1:" + port + "/tasker\n"
                + "      secret: " + secret + "\n"
                + "      allow_private_network: true\n";
    }

    private void startPython(Path script, int port) throws Exception {
        python = new ProcessBuilder("python3", "-u", script.toString()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    printed.add(line);
                }
            } catch (IOException ignored) {
                // the receiver stopped
            }
        }, "receiver-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(python.isAlive()).as("python3 receiver running; it printed %s", printed).isTrue();
                assertThat(System.nanoTime()).as("receiver listening within %s", AWAIT).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private JsonNode awaitDelivery(String endpoint, String status) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            JsonNode deliveries = TestGateway.json(gateway.get("/v1/webhooks/deliveries?endpoint=" + endpoint
                    + "&status=" + status)).get("deliveries");
            if (deliveries.size() > 0) {
                return deliveries.get(0);
            }
            assertThat(System.nanoTime()).as("a %s delivery to %s within %s; receiver printed %s", status, endpoint,
                    AWAIT, printed).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
