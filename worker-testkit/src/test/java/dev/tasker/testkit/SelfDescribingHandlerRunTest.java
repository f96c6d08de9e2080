package dev.tasker.testkit;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The runner holds a handler to what it declares, as the gateway does: its input schema and its error catalog. */
class SelfDescribingHandlerRunTest {

    /** Needs a string {@code order_id} in the task context; may fail with {@code ORDER_UNKNOWN} only. */
    static final class ShipOrder implements StepHandler {

        final AtomicInteger calls = new AtomicInteger();
        private final String failWith;

        ShipOrder(String failWith) {
            this.failWith = failWith;
        }

        @Override
        public String name() {
            return "ship_order";
        }

        @Override
        public InputSchema inputSchema() {
            return InputSchema.none().withContext("""
                    {"type": "object", "required": ["order_id"], "properties": {"order_id": {"type": "string"}}}""");
        }

        @Override
        public List<DeclaredError> errors() {
            return List.of(DeclaredError.permanent("ORDER_UNKNOWN", "no such order"));
        }

        @Override
        public StepExecutionResult call(StepContext context) throws PermanentStepException {
            calls.incrementAndGet();
            if (failWith != null) {
                throw new PermanentStepException("cannot ship", failWith);
            }
            return StepExecutionResult.success(context.stepUuid(), Map.of("shipped", context.getInput("order_id")));
        }
    }

    @Test
    void aStepFailingTheDeclaredSchemaIsInputInvalidAndTheHandlerNeverRuns() {
        ShipOrder handler = new ShipOrder(null);

        StepExecutionResult result = HandlerRunner.run(handler, Steps.forHandler("ship_order").context("order_id", 42));

        assertThatResult(result).isPermanentFailure().hasErrorCode("INPUT_INVALID")
                .hasErrorType(ErrorTypes.VALIDATION_ERROR).hasContextEntry("handler", "ship_order");
        assertThat(handler.calls).hasValue(0);
        assertThatResult(HandlerRunner.run(handler, Steps.forHandler("ship_order").context("order_id", "o-1")))
                .isSuccess().hasResultAt("/shipped", "o-1");
        assertThat(handler.calls).hasValue(1);
    }

    @Test
    void aDeclaredErrorCodePasses() {
        assertThatResult(HandlerRunner.run(new ShipOrder("ORDER_UNKNOWN"),
                Steps.forHandler("ship_order").context("order_id", "o-1")))
                .isPermanentFailure().hasErrorCode("ORDER_UNKNOWN");
    }

    @Test
    void anUndeclaredErrorCodeFailsTheTestUnlessAllowed() {
        ShipOrder handler = new ShipOrder("WAREHOUSE_ON_FIRE");
        StepBuilder step = Steps.forHandler("ship_order").context("order_id", "o-1");

        assertThatThrownBy(() -> HandlerRunner.run(handler, step)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("'WAREHOUSE_ON_FIRE'").hasMessageContaining("[ORDER_UNKNOWN]");
        assertThatResult(HandlerRunner.of(handler).allowingUndeclaredErrorCodes().run(step))
                .hasErrorCode("WAREHOUSE_ON_FIRE");
    }
}
