package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The classification table of contract 1.3, without a server or a clock. */
class FailureResultsTest {

    private static final UUID STEP = UUID.fromString("019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01");
    private final FailureResults failures = new FailureResults(10);

    @Test
    void ioLikeCausesAnywhereInTheChainAreRetryable() {
        assertThat(FailureResults.isIoLike(new IOException())).isTrue();
        assertThat(FailureResults.isIoLike(new UncheckedIOException(new IOException()))).isTrue();
        assertThat(FailureResults.isIoLike(new TimeoutException())).isTrue();
        assertThat(FailureResults.isIoLike(new RuntimeException(new RuntimeException(new IOException())))).isTrue();
        assertThat(FailureResults.isIoLike(new IllegalStateException())).isFalse();
    }

    @Test
    void aCauseCycleDoesNotLoop() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(FailureResults.isIoLike(a)).isFalse();
        assertThat(failures.backtrace(a)).isNotEmpty();
    }

    @Test
    void aValidationFailureWhoseContextHoldsANullIsStillThatFailure() {
        // context built from input or a downstream answer may hold JSON nulls (style.md: Map.copyOf rejects them)
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("field", "email");
        context.put("given", null);

        StepExecutionResult result = failures.fromThrowable(STEP, "signup",
                new dev.tasker.gateway.handler.ValidationStepException("email is required", "EMAIL_MISSING", context));

        assertThat(result.status()).isEqualTo("failed");
        assertThat(result.errorType()).isEqualTo(ErrorTypes.VALIDATION_ERROR);
        assertThat(result.errorCode()).isEqualTo("EMAIL_MISSING");
        assertThat(result.metadata().context()).containsEntry("field", "email").containsEntry("given", null);
    }

    @Test
    void backtraceIsCappedAndSaysSo() {
        List<String> lines = failures.backtrace(deep(40));

        assertThat(lines).hasSize(10);
        assertThat(lines.get(0)).isEqualTo("java.lang.IllegalStateException: deep");
        assertThat(lines.get(1)).startsWith("\tat ");
        assertThat(lines.get(9)).contains("truncated to 10 lines");
    }

    @Test
    void backtraceIncludesCausesAsCausedByLines() {
        FailureResults roomy = new FailureResults(500);
        List<String> lines = roomy.backtrace(new IllegalStateException("outer", new IOException("inner")));

        assertThat(lines).contains("Caused by: java.io.IOException: inner");
    }

    @Test
    void anExceptionWithoutMessageIsDescribedByItsClass() {
        StepExecutionResult result = failures.fromThrowable(STEP, "h", new NullPointerException());

        assertThat(result.error().message()).isEqualTo("java.lang.NullPointerException");
        assertThat(result.errorCode()).isEqualTo(FailureResults.HANDLER_EXCEPTION);
    }

    @Test
    void timeoutCarriesTheDeadlineInItsContext() {
        StepExecutionResult result = failures.timeout(STEP, "slow", Duration.ofMillis(2500));

        assertThat(result.status()).isEqualTo("error");
        assertThat(result.errorType()).isEqualTo(ErrorTypes.TIMEOUT);
        assertThat(result.isRetryable()).isTrue();
        assertThat(result.error().retryable()).isTrue();
        assertThat(result.metadata().context()).containsEntry("timeout_ms", 2500L).containsEntry("handler", "slow");
    }

    private static IllegalStateException deep(int depth) {
        if (depth == 0) {
            return new IllegalStateException("deep");
        }
        return deep(depth - 1);
    }
}
