package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executor without HTTP: admission permits are never lost, whatever ends the call. */
class StepExecutorTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private StepExecutor executor;

    @BeforeEach
    void createExecutor() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(Handlers.named("quick", c -> StepExecutionResult.success(c.stepUuid(), "ok")));
        registry.register(Handlers.named("stubborn", c -> {
            release.await();
            return StepExecutionResult.success(c.stepUuid(), "released");
        }));
        executor = new StepExecutor(new ActiveRegistry(registry),
                new ExecutionSettings(Duration.ofSeconds(30), 1, 1, 50, "worker_test", "host"),
                WireJson.newObjectMapper(), List.of());
    }

    @AfterEach
    void close() {
        release.countDown();
        executor.close();
    }

    private static TaskSequenceStep step(String handler) throws IOException {
        return TestGateway.JSON.readValue("{\"step_definition\":{\"handler\":{\"callable\":\"" + handler + "\"}}}",
                TaskSequenceStep.class);
    }

    @Test
    void anInterruptedRequestThreadGivesUpAndThePermitComesBack() throws Exception {
        Thread.currentThread().interrupt();
        ExecutedStep executed;
        try {
            executed = executor.execute(step("stubborn"));
        } finally {
            Thread.interrupted();
        }

        assertThat(executed.result().errorCode()).isEqualTo(FailureResults.HANDLER_TIMEOUT);
        awaitNoStepInFlight();
        assertThat(executor.execute(step("quick")).result().success()).isTrue();
    }

    @Test
    void aPermitIsHeldWhileTheHandlerRunsAndReleasedAfter() throws Exception {
        Thread first = new Thread(() -> {
            try {
                executor.execute(step("stubborn"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        first.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThatThrownBy(() -> executor.execute(step("quick"))).isInstanceOf(StepOverloadedException.class);
        release.countDown();
        first.join(10_000);
        awaitNoStepInFlight();
        assertThat(executor.execute(step("quick")).result().success()).isTrue();
    }

    @Test
    void aHandlerCannotChangeTheStepItReceivedSoObserversSeeItAsReceived() throws Exception {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(Handlers.named("mutator", c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> address = (Map<String, Object>) c.getInput("address");
            address.put("city", "Elsewhere");
            return StepExecutionResult.success(c.stepUuid(), "changed");
        }));
        AtomicReference<ExecutedStep> observed = new AtomicReference<>();
        try (StepExecutor observing = new StepExecutor(new ActiveRegistry(registry),
                new ExecutionSettings(Duration.ofSeconds(30), 4, 4, 50, "worker_test", "host"),
                WireJson.newObjectMapper(), List.of(observed::set))) {
            TaskSequenceStep step = TestGateway.JSON.readValue("""
                    {"step_definition":{"handler":{"callable":"mutator"}},
                     "task":{"task":{"context":{"address":{"city":"Portland"}}}}}""", TaskSequenceStep.class);

            ExecutedStep executed = observing.execute(step);

            assertThat(executed.result().errorCode()).isEqualTo(FailureResults.HANDLER_EXCEPTION);
            assertThat(executed.result().metadata().context())
                    .containsEntry("exception_class", "java.lang.UnsupportedOperationException");
            assertThat(observed.get().step().task().task().context())
                    .isEqualTo(Map.of("address", Map.of("city", "Portland")));
        }
    }

    @Test
    void unknownHandlersAndStepsWithoutAHandlerAreRejectedBeforeAdmission() {
        assertThatThrownBy(() -> executor.execute(step("missing"))).isInstanceOf(HandlerNotFoundException.class);
        assertThatThrownBy(() -> executor.execute(new TaskSequenceStep(null, null, null, null)))
                .isInstanceOf(InvalidStepException.class);
        assertThat(executor.inFlight()).isZero();
    }

    private void awaitNoStepInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(executor.inFlight()).as("steps in flight").isZero();
    }
}
