package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A step without {@code timeout_seconds} runs under the configured {@code step_timeout}, over real HTTP.
 * The handler would sleep a minute, so only the configured default (not the 30 s built-in one, nor the
 * handler finishing) can produce this answer.
 */
class DefaultStepTimeoutTest {

    @Test
    void aStepWithoutTimeoutSecondsIsCutAtTheConfiguredStepTimeout() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (TestGateway gateway = TestGateway.start(Map.of("step_timeout", "700ms"),
                Handlers.named("sleeps_a_minute", context -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return StepExecutionResult.success(context.stepUuid(), "woke up");
                }))) {
            String stepUuid = Uuids.v7().toString();
            String step = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\"},"
                    + "\"step_definition\":{\"handler\":{\"callable\":\"sleeps_a_minute\"}}}";

            JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", step), stepUuid);

            assertThat(result.get("status").asText()).isEqualTo("error");
            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("HANDLER_TIMEOUT");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("timeout");
            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/metadata/context/timeout_ms").asLong()).isEqualTo(700);
            assertThat(result.at("/metadata/context/handler").asText()).isEqualTo("sleeps_a_minute");
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the handler is interrupted").isTrue();
        }
    }
}
