package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.PostgresDatabase;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one PostgreSQL store, given the same (step_uuid, attempts): the instance that
 * claims the attempt runs it, the other waits for the stored result and answers it, so the handler runs once
 * and both callers get the same result; past its deadline the waiting one answers 409 STEP_IN_PROGRESS.
 */
class SharedStoreIdempotencyTest {

    private final CountingHandler onA = new CountingHandler("counting");
    private final CountingHandler onB = new CountingHandler("counting");
    private PostgresDatabase database;
    private TestGateway a;
    private TestGateway b;

    @AfterEach
    void stop() {
        onA.release();
        onB.release();
        Stream.of(a, b).filter(g -> g != null).forEach(TestGateway::close);
        if (database != null) {
            database.close();
        }
    }

    private void start(Map<String, String> settings) {
        database = PostgresDatabase.create();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("db_url", database.jdbcUrl());
        a = TestGateway.start(all, onA);
        b = TestGateway.start(all, onB);
    }

    private static String step(UUID stepUuid, String extra) {
        return "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"attempts\":0" + extra + "},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"counting\"}}}";
    }

    @Test
    void theSameAttemptOnTwoInstancesRunsOnceAndBothCallersGetItsResult() throws Exception {
        start(Map.of());
        onA.hold();
        UUID stepUuid = Uuids.v7();
        CompletableFuture<HttpResponse<String>> fromA = CompletableFuture.supplyAsync(() -> a.postJson("/v1/steps", step(stepUuid, "")));
        assertThat(onA.awaitEntered()).isTrue();
        CompletableFuture<HttpResponse<String>> fromB = CompletableFuture.supplyAsync(() -> b.postJson("/v1/steps", step(stepUuid, "")));
        Thread.sleep(500); // not an assertion: lets B find A's claim and wait while A's handler is held
        assertThat(fromB).as("B waits for A's result").isNotDone();
        onA.release();

        HttpResponse<String> answerA = fromA.get(60, TimeUnit.SECONDS);
        HttpResponse<String> answerB = fromB.get(60, TimeUnit.SECONDS);
        JsonNode resultA = assertGatewayResult(answerA, stepUuid.toString());
        assertThat(TestGateway.json(answerB)).as("both callers get the same result").isEqualTo(resultA);
        assertThat(answerA.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(answerB.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(onA.calls() + onB.calls()).as("the handler ran once across both instances").isEqualTo(1);
        assertThat(TestGateway.json(b.get("/v1/steps/" + stepUuid))).isEqualTo(resultA);
    }

    @Test
    void pastItsDeadlineTheWaitingInstanceAnswers409StepInProgressWithRetryAfter() throws Exception {
        start(Map.of());
        onA.hold();
        UUID stepUuid = Uuids.v7();
        CompletableFuture<HttpResponse<String>> fromA = CompletableFuture.supplyAsync(() -> a.postJson("/v1/steps", step(stepUuid, "")));
        assertThat(onA.awaitEntered()).isTrue();

        HttpResponse<String> answerB = b.postJson("/v1/steps", step(stepUuid, "")
                .replace("{\"callable\":\"counting\"}", "{\"callable\":\"counting\"},\"timeout_seconds\":1"));

        assertThat(answerB.statusCode()).as(answerB.body()).isEqualTo(409);
        assertThat(answerB.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = TestGateway.json(answerB);
        assertThat(problem.path("error_code").asText()).isEqualTo("STEP_IN_PROGRESS");
        assertThat(problem.path("retryable").asBoolean()).isTrue();
        long retryAfter = Long.parseLong(answerB.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).as("until A's lease (30 s deadline + 15 s margin) ends").isBetween(1L, 45L);
        assertThat(onB.calls()).isZero();

        onA.release();
        HttpResponse<String> answerA = fromA.get(60, TimeUnit.SECONDS);
        HttpResponse<String> again = b.postJson("/v1/steps", step(stepUuid, ""));
        assertThat(TestGateway.json(again)).isEqualTo(TestGateway.json(answerA));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(onA.calls() + onB.calls()).isEqualTo(1);
    }

    @Test
    void anotherStepWithTheKeyAnotherInstanceRunsIs409ReusedAtOnce() throws Exception {
        start(Map.of());
        onA.hold();
        UUID stepUuid = Uuids.v7();
        CompletableFuture<HttpResponse<String>> fromA = CompletableFuture.supplyAsync(() -> a.postJson("/v1/steps", step(stepUuid, "")));
        assertThat(onA.awaitEntered()).isTrue();

        HttpResponse<String> answerB = b.postJson("/v1/steps", step(stepUuid, ",\"inputs\":{\"cursor\":5}"));

        assertThat(answerB.statusCode()).as(answerB.body()).isEqualTo(409);
        assertThat(TestGateway.json(answerB).path("error_code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(TestGateway.json(answerB).path("errors").findValuesAsText("field")).containsExactly("inputs");
        assertThat(fromA).isNotDone();
        onA.release();
        assertThat(fromA.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(onB.calls()).isZero();
    }

    @Test
    void aClaimLeftByAnInstanceThatDiedIsTakenOverWhenItsLeaseEnds() throws Exception {
        start(Map.of());
        UUID stepUuid = Uuids.v7();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO step_claims (step_uuid, attempts, "
                     + "instance_id, fingerprint, claimed_at, expires_at) VALUES (?, 0, 'dead/1', NULL, ?, ?)")) {
            long now = System.currentTimeMillis();
            insert.setObject(1, stepUuid);
            insert.setLong(2, now - 60_000);
            insert.setLong(3, now + 1_000);
            insert.executeUpdate();
        }

        HttpResponse<String> answer = b.postJson("/v1/steps", step(stepUuid, ""));

        assertGatewayResult(answer, stepUuid.toString());
        assertThat(answer.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(onB.calls()).isEqualTo(1);
    }

    @Test
    void withClaimsOffBothInstancesRunButBothCallersGetTheOneStoredResult() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        try (PostgresDatabase shared = PostgresDatabase.create();
             TestGateway first = TestGateway.start(Map.of("db_url", shared.jdbcUrl(), "step_claims", "off"),
                     instance("A", bothRunning));
             TestGateway second = TestGateway.start(Map.of("db_url", shared.jdbcUrl(), "step_claims", "off"),
                     instance("B", bothRunning))) {
            UUID stepUuid = Uuids.v7();
            String step = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"attempts\":0},"
                    + "\"step_definition\":{\"handler\":{\"callable\":\"instance\"}}}";
            CompletableFuture<HttpResponse<String>> fromA = CompletableFuture.supplyAsync(() -> first.postJson("/v1/steps", step));
            CompletableFuture<HttpResponse<String>> fromB = CompletableFuture.supplyAsync(() -> second.postJson("/v1/steps", step));
            JsonNode resultA = assertGatewayResult(fromA.get(60, TimeUnit.SECONDS), stepUuid.toString());
            JsonNode resultB = assertGatewayResult(fromB.get(60, TimeUnit.SECONDS), stepUuid.toString());

            assertThat(resultA.at("/result/ran_on/met").asBoolean()).as("both handlers ran at once").isTrue();
            assertThat(resultB).as("both callers get the same result").isEqualTo(resultA);
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
