package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.testing.ChildGateway;
import dev.tasker.gateway.testing.GatewayProcessMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers run on virtual threads on Java 21 and newer, and on named platform threads on 17, from one build
 * (release 17). Runs the gateway in a child JVM of each kind: this test's own (17 here) and the newest JDK 21+
 * under {@code /usr/lib/jvm} (Temurin's on this machine kind).
 */
class HandlerThreadsProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JVMS = Path.of("/usr/lib/jvm");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path home;

    @Test
    void onJava21OrNewerHandlersRunOnVirtualThreads() throws Exception {
        Path jdk = newestJdk(21).orElseThrow(() -> new AssertionError(
                "this test needs a JDK 21 or newer under " + JVMS + " (this machine kind ships Temurin's there)"));

        JsonNode thread = threadOfAStep(jdk);

        assertThat(thread.get("virtual").asBoolean()).as("ran on %s: %s", jdk, thread).isTrue();
    }

    @Test
    void onJava17HandlersRunOnNamedPlatformThreads() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 21) {
            jdk = newestJdkBelow(21).orElseThrow(() -> new AssertionError("no JDK 17-20 under " + JVMS));
        }

        JsonNode thread = threadOfAStep(jdk);

        assertThat(thread.get("virtual").asBoolean()).isFalse();
        assertThat(thread.get("name").asText()).startsWith("step-handler-");
    }

    private JsonNode threadOfAStep(Path javaHome) throws Exception {
        Map<String, String> env = Map.of("GATEWAY_HOST", "127.0.0.1", "GATEWAY_PORT", "0",
                "GATEWAY_DATA_DIR", home.resolve("data-" + javaHome.getFileName()).toString(),
                "GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString());
        try (ChildGateway gateway = ChildGateway.start(javaHome, GatewayProcessMain.class.getName(), env)) {
            int port = gateway.awaitPort();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/steps"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"step_definition\":{\"handler\":{\"callable\":\"thread\"}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).get("result");
        }
    }

    private static Optional<Path> newestJdk(int atLeast) {
        return jdks().filter(jdk -> feature(jdk) >= atLeast).max(Comparator.comparingInt(HandlerThreadsProcessTest::feature));
    }

    private static Optional<Path> newestJdkBelow(int below) {
        return jdks().filter(jdk -> feature(jdk) >= 17 && feature(jdk) < below)
                .max(Comparator.comparingInt(HandlerThreadsProcessTest::feature));
    }

    private static Stream<Path> jdks() {
        try (Stream<Path> entries = Files.list(JVMS)) {
            return entries.filter(dir -> Files.isExecutable(dir.resolve("bin/java")) && Files.isRegularFile(dir.resolve("release")))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + JVMS, e);
        }
    }

    /** The feature release from the JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"}), 0 if unreadable. */
    private static int feature(Path jdk) {
        Properties release = new Properties();
        try (var in = Files.newBufferedReader(jdk.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            return 0;
        }
        String version = release.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        try {
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
