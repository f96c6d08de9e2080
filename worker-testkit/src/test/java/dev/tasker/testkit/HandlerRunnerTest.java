package dev.tasker.testkit;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.handler.RetryableStepException;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.StepResultStatus;
import dev.tasker.gateway.model.TaskSequenceStep;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A handler run by the test kit is finished exactly as the gateway finishes it. */
class HandlerRunnerTest {

    @Nested
    class OwnedFields {

        @Test
        void theGatewayWritesTheStepUuidVersionWorkerAndTimingsWhateverTheHandlerReturned() {
            StepHandler liar = TestHandlers.named("liar", c -> StepExecutionResult.success(UUID.randomUUID(), "ok"));
            TaskSequenceStep step = Steps.forHandler("liar").build();

            StepExecutionResult result = HandlerRunner.run(liar, step);

            assertThatResult(result).isSuccess().hasStepUuid(step.workflowStep().workflowStepUuid())
                    .hasHandlerVersion("2.1.0").hasResult("ok").conformsToContract();
            assertThat(result.metadata().workerId()).isEqualTo(HandlerRunner.WORKER_ID);
            assertThat(result.metadata().startedAt()).isNotNull();
        }

        @Test
        void bothRetryableCopiesAreMadeEqual() {
            StepHandler handler = TestHandlers.named("h", c -> {
                StepExecutionResult declined = StepExecutionResult.failure(c.stepUuid(), "declined", "CARD_DECLINED",
                        ErrorTypes.PERMANENT_ERROR, true);
                return declined.withMetadata(declined.metadata().withRetryable(false)); // error.retryable stays true
            });

            StepExecutionResult result = HandlerRunner.run(handler, Steps.forHandler("h"));

            assertThatResult(result).isPermanentFailure().hasErrorCode("CARD_DECLINED");
            assertThat(result.error().retryable()).isFalse();
        }
    }

    @Nested
    class FaultsBecomeResults {

        @Test
        void aPermanentExceptionIsANonRetryableFailureWithItsCode() {
            StepHandler handler = TestHandlers.named("h", c -> {
                throw new PermanentStepException("cart is empty", "EMPTY_CART");
            });

            assertThatResult(HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isPermanentFailure().hasErrorCode("EMPTY_CART").hasErrorMessageContaining("empty")
                    .hasStatus(StepResultStatus.FAILED);
        }

        @Test
        void aRetryableExceptionWithRetryAfterAsksForThatBackoff() {
            StepHandler handler = TestHandlers.named("h", c -> {
                throw new RetryableStepException("rate limited", "RATE_LIMITED", Duration.ofMillis(2500));
            });

            assertThatResult(HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isRetryable().hasErrorCode("RATE_LIMITED")
                    .hasBackoff(BackoffHintType.SERVER_REQUESTED, 3).hasOrchestrationHeader("Retry-After", "3");
        }

        @Test
        void anIoExceptionIsARetryableHandlerException() {
            StepHandler handler = TestHandlers.named("h", c -> {
                throw new IOException("connection reset");
            });

            assertThatResult(HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isRetryable().hasErrorCode("HANDLER_EXCEPTION").hasErrorType(ErrorTypes.HANDLER_ERROR)
                    .hasStatus(StepResultStatus.ERROR).hasNoBackoff();
        }

        @Test
        void aRuntimeExceptionIsAPermanentHandlerException() {
            StepHandler handler = TestHandlers.named("h", c -> {
                throw new IllegalStateException("bug");
            });

            assertThatResult(HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isPermanentFailure().hasErrorCode("HANDLER_EXCEPTION")
                    .hasContextEntry("exception_class", "java.lang.IllegalStateException");
        }

        @Test
        void nullIsHandlerReturnedNull() {
            assertThatResult(HandlerRunner.run(TestHandlers.named("h", c -> null), Steps.forHandler("h")))
                    .isPermanentFailure().hasErrorCode("HANDLER_RETURNED_NULL");
        }

        @Test
        void aResultThatCannotBeWrittenAsJsonIsHandlerResultInvalid() {
            StepHandler handler = TestHandlers.named("h", c -> {
                Map<String, Object> cycle = new HashMap<>();
                cycle.put("self", cycle);
                return StepExecutionResult.success(c.stepUuid(), cycle);
            });

            assertThatResult(HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isPermanentFailure().hasErrorCode("HANDLER_RESULT_INVALID");
        }
    }

    @Nested
    class Deadline {

        @Test
        void aHandlerStillRunningAtTheStepsDeadlineIsInterruptedAndTimesOut() throws Exception {
            CountDownLatch interrupted = new CountDownLatch(1);
            StepHandler slow = TestHandlers.named("slow", c -> {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return StepExecutionResult.success(c.stepUuid(), "late");
            });

            StepExecutionResult result = HandlerRunner.run(slow, Steps.forHandler("slow").timeoutSeconds(1));

            assertThatResult(result).isRetryable().hasErrorCode("HANDLER_TIMEOUT").hasErrorType(ErrorTypes.TIMEOUT)
                    .hasContextEntry("timeout_ms", 1000);
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the handler's thread was interrupted").isTrue();
        }

        @Test
        void theDefaultDeadlineAppliesWhenTheStepSetsNone() {
            StepHandler slow = TestHandlers.named("slow", c -> {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                return StepExecutionResult.success(c.stepUuid(), "late");
            });

            assertThatResult(HandlerRunner.of(slow).withDefaultTimeout(Duration.ofMillis(200))
                    .run(Steps.forHandler("slow")))
                    .hasErrorCode("HANDLER_TIMEOUT").hasContextEntry("timeout_ms", 200);
        }
    }

    /** A value Jackson cannot write: its accessor throws. */
    record Unwritable(String name) {
        @Override
        public String name() {
            throw new IllegalStateException("not readable");
        }
    }

    @Nested
    class Contract {

        /** The test an author writes fails, naming the gateway's verdict, when the handler's result is invalid. */
        @Test
        void anAuthorsTestFailsWhenTheHandlersResultCannotBeWritten() {
            StepHandler handler = TestHandlers.named("h", c -> StepExecutionResult.success(c.stepUuid(),
                    new Unwritable("total")));

            StepExecutionResult result = HandlerRunner.run(handler, Steps.forHandler("h"));

            assertThatThrownBy(() -> assertThatResult(result).isSuccess())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("HANDLER_RESULT_INVALID");
        }

        @Test
        void aSuccessWhoseStatusSaysFailedBreaksTheContractAndFailsTheRun() {
            StepHandler handler = TestHandlers.named("h", c -> new StepExecutionResult(c.stepUuid(), true,
                    Map.of(), null, "failed", null, null));

            assertThatThrownBy(() -> HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("breaks the wire contract")
                    .hasMessageContaining("success (true) agrees with status failed");
        }

        @Test
        void aFailureWithoutAnErrorObjectBreaksTheContractAndFailsTheRun() {
            StepHandler handler = TestHandlers.named("h", c -> new StepExecutionResult(c.stepUuid(), false,
                    Map.of(), null, "failed", null, null));

            assertThatThrownBy(() -> HandlerRunner.run(handler, Steps.forHandler("h")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("error is null exactly for a success");
        }
    }

    @Test
    void aStepForAnotherHandlerIsRefusedBeforeAnythingRuns() {
        StepHandler handler = TestHandlers.named("greeting", c -> {
            throw new AssertionError("must not run");
        });

        assertThatThrownBy(() -> HandlerRunner.run(handler, Steps.forHandler("validate_cart")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'validate_cart'").hasMessageContaining("'greeting'");
    }
}
