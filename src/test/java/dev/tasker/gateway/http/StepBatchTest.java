package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StepBatchTest {

    private final CountingHandler counting = new CountingHandler("counting");
    private TestGateway gateway;

    @AfterEach
    void stop() {
        counting.release();
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String echo(UUID stepUuid, int order) {
        return "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\"},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},"
                + "\"task\":{\"task\":{\"context\":{\"order\":" + order + "}}}}";
    }

    private static String step(String callable, UUID stepUuid) {
        return "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\"},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"" + callable + "\"}}}";
    }

    private static String batch(List<String> steps) {
        return "{\"steps\":[" + String.join(",", steps) + "]}";
    }

    @Nested
    class Running {

        @Test
        void answersOneStrictResultAStepInRequestOrder() {
            gateway = TestGateway.start();
            List<UUID> uuids = new ArrayList<>();
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                uuids.add(Uuids.v7());
                steps.add(echo(uuids.get(i), i));
            }

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch", batch(steps));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
            JsonNode body = TestGateway.json(response);
            assertThat(body.get("count").asInt()).isEqualTo(12);
            assertThat(body.get("replayed")).isEmpty();
            for (int i = 0; i < 12; i++) {
                JsonNode result = body.get("results").get(i);
                assertGatewayResult(result);
                assertThat(result.get("step_uuid").asText()).isEqualTo(uuids.get(i).toString());
                assertThat(result.at("/result/order").asInt()).isEqualTo(i);
            }
        }

        @Test
        void runsTheStepsConcurrently() {
            // each call waits for the other: run one after the other, the first would time out
            CountDownLatch bothEntered = new CountDownLatch(2);
            gateway = TestGateway.start(Handlers.named("rendezvous", c -> {
                bothEntered.countDown();
                boolean met = bothEntered.await(20, TimeUnit.SECONDS);
                return StepExecutionResult.success(c.stepUuid(), Map.of("met", met));
            }));

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("rendezvous", Uuids.v7()), step("rendezvous", Uuids.v7()))));

            JsonNode results = TestGateway.json(response).get("results");
            assertThat(results).hasSize(2);
            assertThat(results).allSatisfy(result -> assertThat(result.at("/result/met").asBoolean()).isTrue());
        }

        @Test
        void aBatchLargerThanTheInFlightBoundRunsWithinItInsteadOfRefusingItself() {
            gateway = TestGateway.start(Map.of("max_in_flight", "1"));
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                steps.add(echo(Uuids.v7(), i));
            }

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch", batch(steps));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(TestGateway.json(response).get("results")).hasSize(5)
                    .allSatisfy(result -> assertThat(result.get("success").asBoolean()).isTrue());
        }

        @Test
        void atMostBatchParallelismStepsOfABatchRunAtOnce() {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            gateway = TestGateway.start(Map.of("batch_parallelism", "2"), Handlers.named("overlap", c -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50); // not an assertion: gives the other steps the chance to overlap
                } finally {
                    running.decrementAndGet();
                }
                return StepExecutionResult.success(c.stepUuid(), "ok");
            }));
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                steps.add(step("overlap", Uuids.v7()));
            }

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch", batch(steps));

            assertThat(TestGateway.json(response).get("results")).hasSize(8)
                    .allSatisfy(result -> assertThat(result.get("success").asBoolean()).isTrue());
            assertThat(most.get()).as("steps of the batch running at once").isBetween(1, 2);
        }

        @Test
        void twoStepsWithOneStepUuidRunOnceAndBothAnswerTheSameResult() {
            gateway = TestGateway.start(counting);
            UUID same = Uuids.v7();

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("counting", same), step("counting", same))));

            JsonNode body = TestGateway.json(response);
            assertThat(body.get("results").get(1)).isEqualTo(body.get("results").get(0));
            assertThat(body.get("replayed")).hasSize(1);
            assertThat(counting.calls()).isEqualTo(1);
        }

        @Test
        void aStepPastItsDeadlineIsATimeoutResultAndTheOthersStillAnswer() {
            gateway = TestGateway.start(Handlers.named("sleeps", c -> {
                Thread.sleep(60_000);
                return StepExecutionResult.success(c.stepUuid(), "woke");
            }));
            String sleeper = "{\"step_definition\":{\"handler\":{\"callable\":\"sleeps\"},\"timeout_seconds\":1}}";

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(sleeper, echo(Uuids.v7(), 7))));

            JsonNode results = TestGateway.json(response).get("results");
            assertThat(results.get(0).at("/metadata/error_code").asText()).isEqualTo("HANDLER_TIMEOUT");
            assertThat(results.get(0).at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(results.get(1).at("/result/order").asInt()).isEqualTo(7);
        }

        @Test
        void aFailedStepIsAResultLikeAnyOtherAndTheBatchStillAnswers200() {
            gateway = TestGateway.start(Handlers.named("throws", c -> {
                throw new IllegalStateException("broken");
            }));

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("throws", Uuids.v7()), echo(Uuids.v7(), 1))));

            JsonNode results = TestGateway.json(response).get("results");
            assertThat(results.get(0).at("/metadata/error_code").asText()).isEqualTo("HANDLER_EXCEPTION");
            assertThat(results.get(0).get("status").asText()).isEqualTo("error");
            assertThat(results.get(1).get("success").asBoolean()).isTrue();
        }

        @Test
        void theSameBatchAgainIsAnsweredFromTheStoreWithoutRunning() {
            gateway = TestGateway.start(counting);
            String body = batch(List.of(step("counting", Uuids.v7()), step("counting", Uuids.v7())));

            HttpResponse<String> first = gateway.postJson("/v1/steps/batch", body);
            HttpResponse<String> second = gateway.postJson("/v1/steps/batch", body);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(TestGateway.json(second).get("replayed")).containsExactly(
                    TestGateway.JSON.valueToTree(0), TestGateway.JSON.valueToTree(1));
            assertThat(TestGateway.json(second).get("results")).isEqualTo(TestGateway.json(first).get("results"));
            assertThat(counting.calls()).isEqualTo(2);
        }

        @Test
        void aStepAlreadyRunAloneIsReplayedInsideABatchAndOnlyItIsListed() {
            gateway = TestGateway.start(counting);
            UUID done = Uuids.v7();
            assertGatewayResult(gateway.postJson("/v1/steps", step("counting", done)));

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("counting", Uuids.v7()), step("counting", done))));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(TestGateway.json(response).get("replayed")).containsExactly(TestGateway.JSON.valueToTree(1));
            assertThat(counting.calls()).isEqualTo(2);
        }

        @Test
        void aStepRefusedWhileTheBatchRunsAnswers503AndStartsNothingMore() throws Exception {
            CountingHandler later = new CountingHandler("later");
            // one step of a batch at a time (the per-handler bound); "later" would still be admitted
            gateway = TestGateway.start(Map.of("max_in_flight", "4", "max_in_flight_per_handler", "1"),
                    counting, later);
            counting.hold();
            CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(
                    () -> gateway.postJson("/v1/steps", step("counting", Uuids.v7())));
            assertThat(counting.awaitEntered()).isTrue();

            HttpResponse<String> refused = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("counting", Uuids.v7()), step("later", Uuids.v7()))));

            JsonNode problem = assertProblem(refused, 503, "GATEWAY_OVERLOADED");
            assertThat(problem.get("retryable").asBoolean()).isTrue();
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            counting.release();
            assertGatewayResult(holder.get(30, TimeUnit.SECONDS));
            assertThat(later.calls()).isZero();
        }
    }

    @Nested
    class Refusing {

        @Test
        void anInvalidStepRefusesTheWholeBatchNamingItsIndexAndNothingRuns() {
            gateway = TestGateway.start(counting);

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("counting", Uuids.v7()), "{\"task\":{}}")));

            JsonNode problem = assertProblem(response, 400, "INVALID_STEP");
            assertThat(problem.get("errors").get(0).get("field").asText())
                    .isEqualTo("steps[1].step_definition.handler.callable");
            assertThat(counting.calls()).isZero();
        }

        @Test
        void anUnknownHandlerRefusesTheWholeBatchWith404AndNothingRuns() {
            gateway = TestGateway.start(counting);

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    batch(List.of(step("counting", Uuids.v7()), step("no_such_handler", Uuids.v7()))));

            JsonNode problem = assertProblem(response, 404, "HANDLER_NOT_FOUND");
            assertThat(problem.get("detail").asText()).contains("steps[1]", "no_such_handler");
            assertThat(counting.calls()).isZero();
        }

        @Test
        void aWrongTypeInsideAStepNamesItsPath() {
            gateway = TestGateway.start();

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    "{\"steps\":[{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},"
                            + "\"workflow_step\":{\"attempts\":\"x\"}}]}");

            JsonNode problem = assertProblem(response, 400, "INVALID_STEP");
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("steps[0].workflow_step.attempts");
        }

        @Test
        void anEmptyMissingOrNullBatchIsA400() {
            gateway = TestGateway.start();

            for (String body : List.of("{\"steps\":[]}", "{}", "{\"steps\":null}", "null")) {
                assertProblem(gateway.postJson("/v1/steps/batch", body), 400, "INVALID_STEP");
            }
            JsonNode nullStep = assertProblem(gateway.postJson("/v1/steps/batch", "{\"steps\":[null]}"), 400,
                    "INVALID_STEP");
            assertThat(nullStep.get("errors").get(0).get("field").asText()).isEqualTo("steps[0]");
        }

        @Test
        void moreThanAHundredStepsIsA400AndNothingRuns() {
            gateway = TestGateway.start(counting);
            List<String> steps = new ArrayList<>(Collections.nCopies(101, step("counting", Uuids.v7())));

            JsonNode problem = assertProblem(gateway.postJson("/v1/steps/batch", batch(steps)), 400, "INVALID_STEP");

            assertThat(problem.get("detail").asText()).contains("100");
            assertThat(counting.calls()).isZero();
        }

        @Test
        void aBareArrayOrMalformedJsonIsA400() {
            gateway = TestGateway.start();

            assertProblem(gateway.postJson("/v1/steps/batch", "[" + echo(Uuids.v7(), 1) + "]"), 400, "INVALID_STEP");
            assertProblem(gateway.postJson("/v1/steps/batch", "{\"steps\":[{"), 400, "MALFORMED_JSON");
        }
    }
}
