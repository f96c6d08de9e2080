package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor's hook that keeps a handler's code loaded while a step runs on it. */
class HandlerUsageTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    @Test
    void aHandlerUnloadedSinceItWasResolvedIsResolvedAgainFromTheActiveRegistry() throws Exception {
        StepHandler stale = new Versioned("1.0.0");
        StepHandler current = new Versioned("2.0.0");
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(current);
        HandlerUsage refusesTheStaleOne = handler -> handler.handler() == stale ? Optional.empty()
                : Optional.of(() -> { });
        try (StepExecutor executor = executor(registry, refusesTheStaleOne)) {
            TaskSequenceStep step = executor.normalize(step(null));

            ExecutedStep executed = executor.execute(step, new RegisteredHandler(stale,
                    dev.tasker.gateway.registry.HandlerSource.BUILTIN));

            assertThat(executed.handler().handler()).isSameAs(current);
            assertThat(executed.result().metadata().handlerVersion()).isEqualTo("2.0.0");
        }
    }

    @Test
    void aUseEndsOnceWhenTheStepIsDone() throws Exception {
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(new Versioned("1.0.0"));
        HandlerUsage counting = handler -> {
            begun.incrementAndGet();
            return Optional.of(ended::incrementAndGet);
        };
        try (StepExecutor executor = executor(registry, counting)) {
            executor.execute(step(null));
        }
        assertThat(begun.get()).isEqualTo(1);
        assertThat(ended.get()).isEqualTo(1);
    }

    @Test
    void aTimedOutStepKeepsItsUseUntilTheHandlerThreadReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        StepHandler stubborn = new StepHandler() {
            @Override
            public String name() {
                return "stubborn";
            }

            @Override
            public StepExecutionResult call(StepContext context) {
                entered.countDown();
                // runs past its deadline and ignores interruption, as badly written handlers do
                while (true) {
                    try {
                        finish.await();
                        return StepExecutionResult.success(context.stepUuid(), Map.of());
                    } catch (InterruptedException ignored) {
                        // keep waiting
                    }
                }
            }
        };
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(stubborn);
        try (StepExecutor executor = executor(registry, handler -> Optional.of(ended::countDown))) {
            ExecutedStep executed = executor.execute(step(1));

            assertThat(executed.result().metadata().errorCode()).isEqualTo("HANDLER_TIMEOUT");
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ended.getCount()).as("use ended while the handler still runs").isEqualTo(1);
            finish.countDown();
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static StepExecutor executor(HandlerRegistry registry, HandlerUsage usage) {
        return new StepExecutor(new ActiveRegistry(registry),
                new ExecutionSettings(Duration.ofSeconds(30), 16, 16, 50, "worker_test", "host"), JSON, List.of(),
                usage);
    }

    private static TaskSequenceStep step(Integer timeoutSeconds) throws Exception {
        String handler = timeoutSeconds == null ? "versioned" : "stubborn";
        return JSON.readValue("{\"step_definition\":{\"handler\":{\"callable\":\"" + handler + "\"},"
                + "\"timeout_seconds\":" + timeoutSeconds + "}}", TaskSequenceStep.class);
    }

    private record Versioned(String version) implements StepHandler {
        @Override
        public String name() {
            return "versioned";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            return StepExecutionResult.success(context.stepUuid(), Map.of("version", version));
        }
    }
}
