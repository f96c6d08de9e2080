package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.PostgresDatabase;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one PostgreSQL store, given the same (step_uuid, attempts) at the same time: each
 * runs its handler (waiting is per process), but only one result is stored, and both callers are answered
 * that one, so the answer always agrees with the store and with the events that were written.
 */
class SharedStoreIdempotencyTest {

    @Test
    void theSameAttemptRunningOnTwoInstancesAtOnceIsAnsweredWithTheOneStoredResult() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        try (PostgresDatabase database = PostgresDatabase.create();
             TestGateway a = TestGateway.start(Map.of("db_url", database.jdbcUrl()), instance("A", bothRunning));
             TestGateway b = TestGateway.start(Map.of("db_url", database.jdbcUrl()), instance("B", bothRunning))) {
            UUID stepUuid = Uuids.v7();
            String step = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"attempts\":0},"
                    + "\"step_definition\":{\"handler\":{\"callable\":\"instance\"}}}";

            CompletableFuture<HttpResponse<String>> fromA = CompletableFuture.supplyAsync(() -> a.postJson("/v1/steps", step));
            CompletableFuture<HttpResponse<String>> fromB = CompletableFuture.supplyAsync(() -> b.postJson("/v1/steps", step));
            HttpResponse<String> answerA = fromA.get(60, TimeUnit.SECONDS);
            HttpResponse<String> answerB = fromB.get(60, TimeUnit.SECONDS);

            JsonNode resultA = assertGatewayResult(answerA, stepUuid.toString());
            JsonNode resultB = assertGatewayResult(answerB, stepUuid.toString());
            assertThat(resultA.at("/result/ran_on/met").asBoolean()).as("both handlers ran at once").isTrue();
            assertThat(resultB).as("both callers get the same result").isEqualTo(resultA);
            assertThat(Stream.of(answerA, answerB).filter(r -> r.headers().firstValue("Idempotent-Replayed").isPresent()))
                    .as("exactly one answer is the other instance's stored result").hasSize(1);
            JsonNode stored = TestGateway.json(a.get("/v1/steps/" + stepUuid));
            assertThat(stored).isEqualTo(resultA);
            assertThat(TestGateway.json(b.get("/v1/steps/" + stepUuid))).isEqualTo(resultA);
        }
    }

    /** Answers which instance ran it, after waiting for the other instance's handler to be running too. */
    private static dev.tasker.gateway.handler.StepHandler instance(String name, CountDownLatch bothRunning) {
        return Handlers.named("instance", context -> {
            bothRunning.countDown();
            boolean met = bothRunning.await(30, TimeUnit.SECONDS);
            return StepExecutionResult.success(context.stepUuid(), Map.of("ran_on", Map.of("name", name, "met", met)));
        });
    }

}
