package dev.tasker.testkit;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Each assertion passes on a matching result and fails, saying what the result holds, on another. */
class StepResultAssertTest {

    private static final UUID STEP = UUID.fromString("0190a3c8-0000-7000-8000-000000000001");
    private static final StepExecutionResult SUCCESS = StepExecutionResult.success(STEP,
            Map.of("total_quantity", 4, "subtotal", new BigDecimal("20.30"), "items", List.of("A", "B")));
    private static final StepExecutionResult PERMANENT = StepExecutionResult.failure(STEP, "the cart is empty",
            "EMPTY_CART", ErrorTypes.VALIDATION_ERROR, false, 0, Map.of("field", "cart_items"));
    private static final StepExecutionResult RETRYABLE = StepExecutionResult.failure(STEP, "try later",
            "UPSTREAM_DOWN", ErrorTypes.RETRYABLE_ERROR, true).withRetryAfter(30, BackoffHintType.SERVICE_UNAVAILABLE);

    @Test
    void outcomes() {
        assertThatResult(SUCCESS).isSuccess().isNotRetryable().hasNoBackoff();
        assertThatResult(PERMANENT).isFailure().isPermanentFailure().isNotRetryable();
        assertThatResult(RETRYABLE).isFailure().isRetryable();

        fails(() -> assertThatResult(PERMANENT).isSuccess(), "EMPTY_CART", "the cart is empty");
        fails(() -> assertThatResult(SUCCESS).isFailure(), "status completed");
        fails(() -> assertThatResult(RETRYABLE).isPermanentFailure(), "UPSTREAM_DOWN");
        fails(() -> assertThatResult(PERMANENT).isRetryable(), "not retryable");
        fails(() -> assertThatResult(SUCCESS).isRetryable(), "Expected a failed result");
    }

    @Test
    void errorFields() {
        assertThatResult(PERMANENT).hasErrorCode("EMPTY_CART").hasErrorType("validation_error")
                .hasErrorMessageContaining("empty").hasContextEntry("field", "cart_items");

        fails(() -> assertThatResult(PERMANENT).hasErrorCode("INVALID_ITEM"), "<INVALID_ITEM>", "EMPTY_CART");
        fails(() -> assertThatResult(PERMANENT).hasErrorType("permanent_error"), "validation_error");
        fails(() -> assertThatResult(PERMANENT).hasContextEntry("field", "items"), "cart_items");
    }

    @Test
    void backoff() {
        assertThatResult(RETRYABLE).hasBackoff(30).hasBackoff(BackoffHintType.SERVICE_UNAVAILABLE, 30)
                .hasOrchestrationHeader("Retry-After", "30");

        fails(() -> assertThatResult(RETRYABLE).hasBackoff(10), "<10>", "<30>");
        fails(() -> assertThatResult(RETRYABLE).hasBackoff(BackoffHintType.RATE_LIMIT, 30), "RATE_LIMIT");
        fails(() -> assertThatResult(PERMANENT).hasBackoff(30), "no");
        fails(() -> assertThatResult(RETRYABLE).hasNoBackoff(), "Expected no backoff hint");
    }

    @Test
    void resultsCompareAsJsonNumbersByValue() {
        assertThatResult(SUCCESS).hasResultAt("/total_quantity", 4L).hasResultAt("/subtotal", 20.3)
                .hasResultAt("/items", List.of("A", "B"))
                .hasResult(Map.of("items", List.of("A", "B"), "subtotal", 20.30, "total_quantity", 4))
                .satisfiesResult(result -> assertThat(result.get("items")).hasSize(2));

        fails(() -> assertThatResult(SUCCESS).hasResultAt("/total_quantity", 5), "<5>", "<4>");
        fails(() -> assertThatResult(SUCCESS).hasResultAt("/missing", 1), "/missing");
        fails(() -> assertThatResult(SUCCESS).hasResult(Map.of("total_quantity", 4)), "Expected result");
    }

    @Test
    void aResultBuiltByAHandlerIsCheckedAgainstTheWireContract() {
        assertThatResult(SUCCESS).conformsToContract();
        assertThatResult(RETRYABLE).conformsToContract();
        StepExecutionResult contradictory = new StepExecutionResult(STEP, true, Map.of(), null, "error", null, null);

        fails(() -> assertThatResult(contradictory).conformsToContract(), "success (true) agrees with status error");
    }

    private static void fails(ThrowingCallable assertion, String... messageParts) {
        assertThatThrownBy(assertion).isInstanceOf(AssertionError.class).hasMessageContainingAll(messageParts);
    }
}
