package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.handler.RetryableStepException;
import dev.tasker.gateway.handler.ValidationStepException;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every way a handler can end, over real HTTP: each answered with the result of contract 1.3, and the
 * server still serving the next request.
 */
class HandlerOutcomesTest {

    private static final CountDownLatch SLEEPER_INTERRUPTED = new CountDownLatch(1);
    private static TestGateway gateway;

    /** A bean whose getter throws: Jackson cannot write it. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("cannot be read");
        }
    }

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(
                Handlers.named("retryable", c -> {
                    throw new RetryableStepException("inventory service busy", "INVENTORY_BUSY");
                }),
                Handlers.named("retryable_after", c -> {
                    throw new RetryableStepException("rate limited", "RATE_LIMITED", Duration.ofMillis(1500));
                }),
                Handlers.named("permanent", c -> {
                    throw new PermanentStepException("order ORD-1 not found", "ORDER_NOT_FOUND");
                }),
                Handlers.named("validation", c -> {
                    throw new ValidationStepException("amount must be positive", "AMOUNT_INVALID",
                            Map.of("field", "amount"));
                }),
                Handlers.named("io", c -> {
                    throw new IOException("connection reset by payments.example");
                }),
                Handlers.named("wrapped_io", c -> {
                    throw new IllegalStateException("lookup failed",
                            new UncheckedIOException(new IOException("dns failure")));
                }),
                Handlers.named("runtime", c -> {
                    throw new IllegalStateException("bug in handler");
                }),
                Handlers.named("sleeper", c -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        SLEEPER_INTERRUPTED.countDown();
                        throw e;
                    }
                    return StepExecutionResult.success(c.stepUuid(), "woke up");
                }),
                Handlers.named("returns_null", c -> null),
                Handlers.named("overflows", c -> StepExecutionResult.success(c.stepUuid(), recurse(0))),
                Handlers.named("returns_unwritable", c -> StepExecutionResult.success(c.stepUuid(), new Unwritable())),
                Handlers.named("returns_cycle", c -> {
                    Map<String, Object> cycle = new HashMap<>();
                    cycle.put("self", cycle);
                    return StepExecutionResult.success(c.stepUuid(), cycle);
                }),
                Handlers.named("lies", "2.3.1", java.util.List.of(), c -> StepExecutionResult.failure(UUID.randomUUID(),
                        "declined", "CARD_DECLINED", "permanent_error", true).withRetryable(false)));
    }

    private static long recurse(long depth) {
        return recurse(depth + 1) + 1;
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void serverStillServesTheNextStep() {
        HttpResponse<String> next = gateway.postJson("/v1/steps",
                step("echo", UUID.randomUUID().toString(), "{\"still\":\"alive\"}", null));
        JsonNode result = assertGatewayResult(next);
        assertThat(result.get("result")).isEqualTo(TestGateway.JSON.createObjectNode().put("still", "alive"));
    }

    /** A step with a new workflow_step_uuid each time (the idempotency store answers a repeated one). */
    static String step(String handler, String stepUuid, String context, Integer timeoutSeconds) {
        return "{\"step_definition\":{\"handler\":{\"callable\":\"" + handler + "\"}"
                + (timeoutSeconds == null ? "" : ",\"timeout_seconds\":" + timeoutSeconds) + "},"
                + "\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\"},"
                + "\"task\":{\"task\":{\"context\":" + context + "}}}";
    }

    private static JsonNode run(String handler) {
        return run(handler, null);
    }

    private static JsonNode run(String handler, Integer timeoutSeconds) {
        String stepUuid = UUID.randomUUID().toString();
        HttpResponse<String> response = gateway.postJson("/v1/steps", step(handler, stepUuid, "{}", timeoutSeconds));
        assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
        return assertGatewayResult(response, stepUuid);
    }

    private static void assertOutcome(JsonNode result, String status, String errorType, String errorCode,
                                      boolean retryable) {
        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("status").asText()).isEqualTo(status);
        assertThat(result.at("/metadata/error_type").asText()).isEqualTo(errorType);
        assertThat(result.at("/error/error_type").asText()).isEqualTo(errorType);
        assertThat(result.at("/metadata/error_code").asText()).isEqualTo(errorCode);
        assertThat(result.at("/metadata/retryable").asBoolean()).isEqualTo(retryable);
        assertThat(result.get("result")).isEqualTo(TestGateway.JSON.createObjectNode());
    }

    @Nested
    class StepFailureExceptions {

        @Test
        void retryableBecomesARetryableFailureWithoutBackoff() {
            JsonNode result = run("retryable");

            assertOutcome(result, "failed", "retryable_error", "INVENTORY_BUSY", true);
            assertThat(result.at("/error/message").asText()).isEqualTo("inventory service busy");
            assertThat(result.at("/orchestration_metadata/headers").size()).isZero();
            assertThat(result.at("/orchestration_metadata/backoff_hint").isNull()).isTrue();
        }

        @Test
        void retryableWithRetryAfterWritesTheHeaderInWholeSecondsAndABackoffHint() {
            JsonNode result = run("retryable_after");

            assertOutcome(result, "failed", "retryable_error", "RATE_LIMITED", true);
            assertThat(result.at("/orchestration_metadata/headers/Retry-After").asText()).isEqualTo("2");
            assertThat(result.at("/orchestration_metadata/backoff_hint/backoff_type").asText())
                    .isEqualTo("ServerRequested");
            assertThat(result.at("/orchestration_metadata/backoff_hint/delay_seconds").asLong()).isEqualTo(2);
        }

        @Test
        void permanentBecomesANonRetryableFailure() {
            JsonNode result = run("permanent");

            assertOutcome(result, "failed", "permanent_error", "ORDER_NOT_FOUND", false);
            assertThat(result.at("/error/message").asText()).isEqualTo("order ORD-1 not found");
        }

        @Test
        void validationBecomesANonRetryableValidationFailureWithItsContext() {
            JsonNode result = run("validation");

            assertOutcome(result, "failed", "validation_error", "AMOUNT_INVALID", false);
            assertThat(result.at("/metadata/context/field").asText()).isEqualTo("amount");
        }
    }

    @Nested
    class OtherThrowables {

        @Test
        void anIoExceptionIsARetryableHandlerException() {
            JsonNode result = run("io");

            assertOutcome(result, "error", "handler_error", "HANDLER_EXCEPTION", true);
            assertThat(result.at("/error/message").asText()).isEqualTo("connection reset by payments.example");
            assertThat(result.at("/error/backtrace/0").asText())
                    .isEqualTo("java.io.IOException: connection reset by payments.example");
            assertThat(result.at("/metadata/context/exception_class").asText()).isEqualTo("java.io.IOException");
        }

        @Test
        void anIoCauseAnywhereInTheChainMakesItRetryable() {
            JsonNode result = run("wrapped_io");

            assertOutcome(result, "error", "handler_error", "HANDLER_EXCEPTION", true);
            assertThat(result.at("/error/backtrace").toString()).contains("Caused by: java.io.UncheckedIOException");
        }

        @Test
        void aRuntimeExceptionIsANonRetryableHandlerException() {
            JsonNode result = run("runtime");

            assertOutcome(result, "error", "handler_error", "HANDLER_EXCEPTION", false);
            assertThat(result.at("/error/backtrace").size()).isBetween(2, 50);
        }

        @Test
        void aStackOverflowIsAHandlerCrash() {
            JsonNode result = run("overflows");

            assertOutcome(result, "error", "handler_error", "HANDLER_CRASHED", false);
            assertThat(result.at("/error/backtrace").size()).isEqualTo(50);
            assertThat(result.at("/error/backtrace/0").asText()).startsWith("java.lang.StackOverflowError");
        }
    }

    @Nested
    class BadReturns {

        @Test
        void nullIsHandlerReturnedNull() {
            assertOutcome(run("returns_null"), "error", "handler_error", "HANDLER_RETURNED_NULL", false);
        }

        @Test
        void aResultThatCannotBeWrittenIsHandlerResultInvalid() {
            JsonNode result = run("returns_unwritable");

            assertOutcome(result, "error", "handler_error", "HANDLER_RESULT_INVALID", false);
            assertThat(result.at("/error/message").asText()).contains("cannot be read");
        }

        @Test
        void aCyclicResultIsHandlerResultInvalid() {
            assertOutcome(run("returns_cycle"), "error", "handler_error", "HANDLER_RESULT_INVALID", false);
        }

        @Test
        void theGatewayOverwritesTheFieldsItOwnsAndKeepsBothRetryableCopiesEqual() {
            JsonNode result = run("lies");

            assertThat(result.at("/metadata/handler_version").asText()).isEqualTo("2.3.1");
            assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
            assertThat(result.at("/error/retryable").asBoolean()).isFalse();
            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("CARD_DECLINED");
        }
    }

    @Nested
    class Deadline {

        @Test
        void aHandlerPastItsTimeoutIsInterruptedAndAnsweredWithARetryableTimeout() throws InterruptedException {
            JsonNode result = run("sleeper", 1);

            assertOutcome(result, "error", "timeout", "HANDLER_TIMEOUT", true);
            assertThat(result.at("/metadata/context/timeout_ms").asLong()).isEqualTo(1000);
            assertThat(result.at("/metadata/context/handler").asText()).isEqualTo("sleeper");
            assertThat(SLEEPER_INTERRUPTED.await(10, TimeUnit.SECONDS))
                    .as("the handler's thread is interrupted at the deadline").isTrue();
        }
    }
}
