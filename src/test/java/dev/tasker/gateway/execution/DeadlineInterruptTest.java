package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.TestGateway;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineInterruptTest {

    private final CountDownLatch interrupted = new CountDownLatch(1);

    private final StepHandler sleeper = new StepHandler() {
        @Override
        public String name() {
            return "sleeper";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return StepExecutionResult.success(context.stepUuid(), Map.of());
        }
    };

    @Test
    void handlerPastItsDeadlineIsInterruptedAndItsPermitComesBack() throws Exception {
        try (TestGateway gateway = TestGateway.start(Map.of("max_in_flight", "1"), sleeper)) {
            String step = "{\"step_definition\":{\"handler\":{\"callable\":\"sleeper\"},\"timeout_seconds\":1}}";

            JsonNode result = TestGateway.json(gateway.postJson("/v1/steps", step));

            assertThat(result.path("metadata").path("error_code").asText()).isEqualTo("HANDLER_TIMEOUT");
            assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("handler thread interrupted").isTrue();
            // the only permit is free again once the interrupted handler returned: echo runs, no 503
            awaitNoStepsInFlight(gateway);
            assertThat(gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}")
                    .statusCode()).isEqualTo(200);
        }
    }

    private static void awaitNoStepsInFlight(TestGateway gateway) throws InterruptedException {
        for (int i = 0; i < 300 && gateway.server().application().executor().inFlight() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(gateway.server().application().executor().inFlight()).isZero();
    }
}
