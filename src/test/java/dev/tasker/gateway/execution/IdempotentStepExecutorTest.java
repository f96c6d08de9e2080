package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.model.StepDefinition;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.model.WorkflowStep;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting duplicates and failing first runs, without a server: the recorder is the part that fails here. */
class IdempotentStepExecutorTest {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    private final StepHandler held = new StepHandler() {
        @Override
        public String name() {
            return "held";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws InterruptedException {
            calls.incrementAndGet();
            entered.countDown();
            release.await();
            return StepExecutionResult.success(context.stepUuid(), Map.of("ok", true));
        }
    };

    private final StepExecutor executor;

    IdempotentStepExecutorTest() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(held);
        executor = new StepExecutor(new ActiveRegistry(registry),
                new ExecutionSettings(Duration.ofSeconds(30), 8, 8, 50, "worker_test", null),
                WireJson.newObjectMapper(), List.of());
    }

    @AfterEach
    void close() {
        release.countDown();
        executor.close();
    }

    private static TaskSequenceStep step(UUID stepUuid) {
        WorkflowStep row = new WorkflowStep(stepUuid, null, null, "held", null, true, 3, false, false, null, 0, null,
                null, null, null, null, null, null);
        StepDefinition definition = new StepDefinition("held", null, new HandlerDefinition("held", null, null, Map.of()),
                null, null, List.of(), null, null, List.of(), null, null, null);
        return new TaskSequenceStep(null, row, Map.of(), definition);
    }

    private static final StepResultStore EMPTY_STORE = new StepResultStore() {
        @Override
        public Optional<StoredStepResult> find(StepKey key) {
            return Optional.empty();
        }

        @Override
        public Optional<StoredStepResult> latest(UUID stepUuid) {
            return Optional.empty();
        }
    };

    @Test
    void aDuplicateWaitingForAFirstRunThatEndsInAnErrorRunsOnItsOwnInsteadOfWaitingForever() throws Exception {
        AtomicInteger records = new AtomicInteger();
        StepRecorder failsOnceWithAnError = (executed, fingerprint, traceparent) -> {
            if (records.incrementAndGet() == 1) {
                throw new AssertionError("a recorder bug that is an Error, not an exception");
            }
            return executed;
        };
        IdempotentStepExecutor steps = new IdempotentStepExecutor(executor, EMPTY_STORE, failsOnceWithAnError,
                WireJson.newObjectMapper());
        TaskSequenceStep step = step(Uuids.v7());

        CompletableFuture<ExecutedStep> first = steps.submit(step, null);
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ExecutedStep> duplicate = steps.submit(step, null);
        Thread.sleep(300); // not an assertion: lets the duplicate join the first run before it ends
        release.countDown();

        assertThat(first).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(AssertionError.class);
        ExecutedStep second = duplicate.get(30, TimeUnit.SECONDS);
        assertThat(second.result().success()).isTrue();
        assertThat(records).hasValue(2);
    }
}
