package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A bounded number of steps in flight: past it, 503 at once with {@code Retry-After}. */
class AdmissionTest {

    private static final String BLOCKING_STEP = "{\"step_definition\":{\"handler\":{\"callable\":\"blocks\"}}}";

    @Test
    void pastMaxInFlightAStepGets503RetryableAndRunsAfterTheFirstFinishes() throws Exception {
        assertSecondStepRefusedWhileFirstRuns(Map.of("max_in_flight", "1"), "echo");
    }

    @Test
    void pastTheBoundForOneHandlerItsStepsGet503WhileOthersRun() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestGateway gateway = TestGateway.start(Map.of("max_in_flight_per_handler", "1"),
                blockingHandler(entered, release))) {
            CompletableFuture<HttpResponse<String>> first = sendAsync(gateway, BLOCKING_STEP);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            assertProblem(gateway.postJson("/v1/steps", BLOCKING_STEP), 503, "GATEWAY_OVERLOADED");
            assertGatewayResult(gateway.postJson("/v1/steps", echoStep()));

            release.countDown();
            assertGatewayResult(first.get(10, TimeUnit.SECONDS));
        }
    }

    private static void assertSecondStepRefusedWhileFirstRuns(Map<String, String> settings, String secondHandler)
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestGateway gateway = TestGateway.start(settings, blockingHandler(entered, release))) {
            CompletableFuture<HttpResponse<String>> first = sendAsync(gateway, BLOCKING_STEP);
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the first step is running").isTrue();

            HttpResponse<String> refused = gateway.postJson("/v1/steps", echoStep());

            JsonNode problem = assertProblem(refused, 503, "GATEWAY_OVERLOADED");
            assertThat(problem.get("retryable").asBoolean()).isTrue();
            assertThat(problem.get("error_type").asText()).isEqualTo("retryable_error");
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    value -> assertThat(Integer.parseInt(value)).isPositive());

            release.countDown();
            JsonNode firstResult = assertGatewayResult(first.get(10, TimeUnit.SECONDS));
            assertThat(firstResult.get("result").asText()).isEqualTo("released");
            JsonNode later = assertGatewayResult(gateway.postJson("/v1/steps", echoStep()));
            assertThat(later.get("result").asText()).isEqualTo(secondHandler);
        }
    }

    private static dev.tasker.gateway.handler.StepHandler blockingHandler(CountDownLatch entered,
                                                                          CountDownLatch release) {
        return Handlers.named("blocks", c -> {
            entered.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return StepExecutionResult.success(c.stepUuid(), "released");
        });
    }

    private static String echoStep() {
        return "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":\"echo\"}}}";
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(TestGateway gateway, String body) {
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
