package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.ChildGateway;
import dev.tasker.gateway.testing.GatewayProcessMain;
import dev.tasker.gateway.testing.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes on the PostgreSQL of this machine, each attempt sent to both at once: the handler
 * (which counts its runs in files both processes write to) runs once per attempt, and both callers of an
 * attempt get the same result.
 */
class TwoGatewayProcessesTest {

    private static final int ATTEMPTS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChildGateway start(String name, String dbUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_HOST", "127.0.0.1");
        env.put("GATEWAY_PORT", "0");
        env.put("GATEWAY_DATA_DIR", home.resolve(name + "-data").toString());
        env.put("GATEWAY_PLUGINS_DIR", home.resolve(name + "-plugins").toString());
        env.put("GATEWAY_DB_URL", dbUrl);
        env.put("GATEWAY_WORKER_ID", "worker_" + name);
        return ChildGateway.start(GatewayProcessMain.class.getName(), env);
    }

    private CompletableFuture<HttpResponse<String>> post(int port, String body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/steps"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSameAttemptSentToBothProcessesAtOnceRunsOnceAndBothCallersGetTheSameResult() throws Exception {
        Path runs = Files.createDirectories(home.resolve("runs"));
        try (PostgresDatabase database = PostgresDatabase.create();
             ChildGateway a = start("a", database.jdbcUrl());
             ChildGateway b = start("b", database.jdbcUrl())) {
            int portA = a.awaitPort();
            int portB = b.awaitPort();
            a.awaitLine(line -> line.contains("attempts are claimed in the store"), Duration.ofSeconds(5));

            int replayed = 0;
            for (int i = 0; i < ATTEMPTS; i++) {
                UUID stepUuid = Uuids.v7();
                String body = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"attempts\":" + (i % 3)
                        + "},\"step_definition\":{\"handler\":{\"callable\":\"counted\"}},\"task\":{\"task\":{"
                        + "\"context\":{\"runs_dir\":\"" + runs + "\",\"hold_ms\":" + (i % 5) * 10 + "}}}}";
                // both requests leave together; which is sent first alternates
                CompletableFuture<HttpResponse<String>> toA;
                CompletableFuture<HttpResponse<String>> toB;
                if (i % 2 == 0) {
                    toA = post(portA, body);
                    toB = post(portB, body);
                } else {
                    toB = post(portB, body);
                    toA = post(portA, body);
                }
                HttpResponse<String> fromA = toA.get(60, TimeUnit.SECONDS);
                HttpResponse<String> fromB = toB.get(60, TimeUnit.SECONDS);

                assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
                assertThat(fromB.statusCode()).as(fromB.body()).isEqualTo(200);
                JsonNode resultA = JSON.readTree(fromA.body());
                assertThat(JSON.readTree(fromB.body())).as("attempt %d: both callers get the same result", i)
                        .isEqualTo(resultA);
                assertThat(resultA.path("step_uuid").asText()).isEqualTo(stepUuid.toString());
                long replays = Stream.of(fromA, fromB)
                        .filter(r -> r.headers().firstValue("Idempotent-Replayed").isPresent()).count();
                assertThat(replays).as("attempt %d: one ran it, the other answered its stored result", i)
                        .isEqualTo(1);
                replayed += (int) replays;
                try (Stream<Path> files = Files.list(runs)) {
                    assertThat(files.filter(f -> f.getFileName().toString().startsWith(stepUuid.toString())).count())
                            .as("attempt %d ran once", i).isEqualTo(1);
                }
            }

            try (Stream<Path> files = Files.list(runs)) {
                assertThat(files.count()).as("the handler ran exactly once per attempt").isEqualTo(ATTEMPTS);
            }
            assertThat(replayed).isEqualTo(ATTEMPTS);
        }
    }
}
