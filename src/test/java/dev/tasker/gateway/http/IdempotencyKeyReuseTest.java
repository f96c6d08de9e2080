package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An idempotency key (step_uuid, attempts) answers only the step it was first used for: the same key with
 * another handler, config, context, inputs or dependency results is 409 {@code IDEMPOTENCY_KEY_REUSED}
 * naming what differs, stored or still running, single or in a batch, and the handler does not run.
 */
class IdempotencyKeyReuseTest {

    private final CountingHandler counting = new CountingHandler("counting");
    private final CountingHandler other = new CountingHandler("other");
    private TestGateway gateway;

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        counting.release();
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A full step with every part the fingerprint reads. */
    static ObjectNode step(UUID stepUuid) {
        ObjectNode step = TestGateway.JSON.createObjectNode();
        step.putObject("task").putObject("task").putObject("context").put("order_id", 17).put("currency", "EUR")
                .putObject("nested").put("a", 1).put("b", "two");
        ObjectNode workflowStep = step.putObject("workflow_step");
        workflowStep.put("workflow_step_uuid", stepUuid.toString()).put("attempts", 0)
                .put("last_attempted_at", "2025-11-28T14:54:03").put("updated_at", "2025-11-28T14:54:03");
        workflowStep.putObject("inputs").put("cursor", 0).put("batch", 100);
        ObjectNode handler = step.putObject("step_definition").putObject("handler");
        handler.put("callable", "counting");
        handler.putObject("initialization").put("endpoint", "https://api.example.com").put("retries", 3);
        step.putObject("dependency_results").putObject("validate").put("step_uuid", Uuids.v7().toString())
                .put("success", true).putObject("result").put("valid", true);
        return step;
    }

    static Stream<Arguments> changedParts() {
        return Stream.of(
                Arguments.of("handler", (Consumer<ObjectNode>) s ->
                        ((ObjectNode) s.at("/step_definition/handler")).put("callable", "other")),
                Arguments.of("handler", (Consumer<ObjectNode>) s ->
                        ((ObjectNode) s.at("/step_definition/handler")).put("method", "refund")),
                Arguments.of("config", (Consumer<ObjectNode>) s ->
                        ((ObjectNode) s.at("/step_definition/handler/initialization")).put("retries", 4)),
                Arguments.of("context", (Consumer<ObjectNode>) s ->
                        ((ObjectNode) s.at("/task/task/context")).put("order_id", 18)),
                Arguments.of("inputs", (Consumer<ObjectNode>) s ->
                        ((ObjectNode) s.at("/workflow_step/inputs")).put("cursor", 100)),
                Arguments.of("dependency_results", (Consumer<ObjectNode>) s ->
                        ((ObjectNode) s.at("/dependency_results/validate/result")).put("valid", false)));
    }

    private static void assertReused(HttpResponse<String> answer, List<String> fields) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("Idempotent-Replayed")).isEmpty();
        JsonNode problem = TestGateway.json(answer);
        assertThat(problem.path("status").asInt()).isEqualTo(409);
        assertThat(problem.path("error_code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(problem.path("retryable").asBoolean(true)).isFalse();
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactlyElementsOf(fields);
    }

    @Nested
    class ASingleStep {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tasker.gateway.http.IdempotencyKeyReuseTest#changedParts")
        void sentAgainWithTheSameKeyAndAnotherPartIs409NamingItAndDoesNotRun(String part, Consumer<ObjectNode> change) {
            gateway = TestGateway.start(counting, other);
            ObjectNode first = step(Uuids.v7());
            assertThat(gateway.postJson("/v1/steps", first.toString()).statusCode()).isEqualTo(200);

            ObjectNode reused = first.deepCopy();
            change.accept(reused);
            HttpResponse<String> answer = gateway.postJson("/v1/steps", reused.toString());

            assertReused(answer, List.of(part));
            assertThat(counting.calls() + other.calls()).as("nothing ran for the reused key").isEqualTo(1);
        }

        @Test
        void withEveryPartChangedNamesThemAllInOrder() {
            gateway = TestGateway.start(counting, other);
            ObjectNode first = step(Uuids.v7());
            gateway.postJson("/v1/steps", first.toString());
            ObjectNode reused = first.deepCopy();
            changedParts().forEach(arguments -> ((Consumer<ObjectNode>) arguments.get()[1]).accept(reused));

            assertReused(gateway.postJson("/v1/steps", reused.toString()),
                    List.of("handler", "config", "context", "inputs", "dependency_results"));
        }

        @Test
        void withRefreshedTimestampsAndKeysInAnotherOrderIsTheSameStepAndReplays() {
            gateway = TestGateway.start(counting);
            UUID stepUuid = Uuids.v7();
            ObjectNode first = step(stepUuid);
            HttpResponse<String> ran = gateway.postJson("/v1/steps", first.toString());

            String again = """
                    {"dependency_results":{"validate":{"result":{"valid":true},"success":true,"step_uuid":"%s"}},
                     "step_definition":{"handler":{"initialization":{"retries":3.0,"endpoint":"https://api.example.com"},
                       "callable":"counting"}},
                     "workflow_step":{"updated_at":"2025-11-29T09:00:00","last_attempted_at":"2025-11-29T09:00:00",
                       "inputs":{"batch":100,"cursor":0},"attempts":0,"workflow_step_uuid":"%s"},
                     "task":{"task":{"context":{"nested":{"b":"two","a":1},"currency":"EUR","order_id":17}}}}
                    """.formatted(first.at("/dependency_results/validate/step_uuid").asText(), stepUuid);
            HttpResponse<String> replayed = gateway.postJson("/v1/steps", again);

            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(TestGateway.json(replayed)).isEqualTo(TestGateway.json(ran));
            assertThat(counting.calls()).isEqualTo(1);
        }

        @Test
        void withTheNextAttemptAndOtherInputsRuns() {
            gateway = TestGateway.start(counting);
            ObjectNode first = step(Uuids.v7());
            gateway.postJson("/v1/steps", first.toString());
            ObjectNode next = first.deepCopy();
            ((ObjectNode) next.get("workflow_step")).put("attempts", 1);
            ((ObjectNode) next.at("/workflow_step/inputs")).put("cursor", 100);

            assertThat(gateway.postJson("/v1/steps", next.toString()).statusCode()).isEqualTo(200);
            assertThat(counting.calls()).isEqualTo(2);
        }

        @Test
        void whileTheFirstIsStillRunningIs409AtOnceAndTheFirstIsAnsweredItsOwnResult() throws Exception {
            gateway = TestGateway.start(counting);
            counting.hold();
            ObjectNode first = step(Uuids.v7());
            CompletableFuture<HttpResponse<String>> running =
                    CompletableFuture.supplyAsync(() -> gateway.postJson("/v1/steps", first.toString()));
            assertThat(counting.awaitEntered()).isTrue();

            ObjectNode reused = first.deepCopy();
            ((ObjectNode) reused.at("/workflow_step/inputs")).put("cursor", 100);
            HttpResponse<String> answer = gateway.postJson("/v1/steps", reused.toString());
            assertThat(running).as("the refusal did not wait for the first run").isNotDone();
            counting.release();

            assertReused(answer, List.of("inputs"));
            HttpResponse<String> ran = running.get(30, TimeUnit.SECONDS);
            assertThat(ran.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(ran).at("/result/call").asInt()).isEqualTo(1);
            assertThat(counting.calls()).isEqualTo(1);
        }

        @Test
        void aResultStoredBeforeFingerprintsWereKeptReplaysAsBefore() throws Exception {
            String url = "jdbc:h2:file:" + home.resolve("store") + ";WRITE_DELAY=0";
            ObjectNode first = step(Uuids.v7());
            HttpResponse<String> ran;
            try (TestGateway before = TestGateway.start(Map.of("db_url", url), counting)) {
                ran = before.postJson("/v1/steps", first.toString());
            }
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE step_results SET fingerprint = NULL")).isEqualTo(1);
            }
            ObjectNode changed = first.deepCopy();
            ((ObjectNode) changed.at("/workflow_step/inputs")).put("cursor", 100);

            gateway = TestGateway.start(Map.of("db_url", url), counting);
            HttpResponse<String> replayed = gateway.postJson("/v1/steps", changed.toString());

            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(TestGateway.json(replayed)).isEqualTo(TestGateway.json(ran));
            assertThat(counting.calls()).isEqualTo(1);
        }
    }

    @Nested
    class InABatch {

        @Test
        void aReusedKeyRefusesTheBatchWith409NamingTheStepAndPart() {
            gateway = TestGateway.start(counting);
            ObjectNode stored = step(Uuids.v7());
            gateway.postJson("/v1/steps", stored.toString());
            ObjectNode reused = stored.deepCopy();
            ((ObjectNode) reused.at("/task/task/context")).put("currency", "USD");

            HttpResponse<String> answer = gateway.postJson("/v1/steps/batch",
                    "{\"steps\":[" + reused + "]}");

            assertReused(answer, List.of("steps[0].context"));
            assertThat(TestGateway.json(answer).path("detail").asText()).startsWith("steps[0]: ");
            assertThat(counting.calls()).isEqualTo(1);
        }

        @Test
        void twoStepsWithOneKeyAndDifferentInputsRunTheFirstAndRefuseTheBatch() {
            gateway = TestGateway.start(Map.of("batch_parallelism", "1"), counting);
            ObjectNode first = step(Uuids.v7());
            ObjectNode second = first.deepCopy();
            ((ObjectNode) second.at("/workflow_step/inputs")).put("cursor", 100);

            HttpResponse<String> answer = gateway.postJson("/v1/steps/batch",
                    "{\"steps\":[" + first + "," + second + "]}");

            assertReused(answer, List.of("steps[1].inputs"));
            assertThat(counting.calls()).isEqualTo(1);
            HttpResponse<String> again = gateway.postJson("/v1/steps", first.toString());
            assertThat(again.headers().firstValue("Idempotent-Replayed")).as("the step that ran is stored")
                    .hasValue("true");
        }

        @Test
        void theSameStepsAgainReplayWithoutRunning() {
            gateway = TestGateway.start(counting);
            String batch = "{\"steps\":[" + step(Uuids.v7()) + "," + step(Uuids.v7()) + "]}";
            gateway.postJson("/v1/steps/batch", batch);

            HttpResponse<String> again = gateway.postJson("/v1/steps/batch", batch);

            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(counting.calls()).isEqualTo(2);
        }
    }
}
