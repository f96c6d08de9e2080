package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;
import java.util.Map;

public final class ChargeCardHandler implements StepHandler {

    // checked by the gateway before call() runs: a step that does not match never reaches it
    private static final InputSchema SCHEMA = InputSchema.none()
            .withContext("""
                    {
                      "type": "object",
                      "required": ["amount_cents", "currency"],
                      "properties": {
                        "amount_cents": { "type": "integer", "minimum": 1 },
                        "currency": { "type": "string", "pattern": "^[A-Z]{3}$" }
                      }
                    }
                    """)
            .withConfig("""
                    { "type": "object", "properties": { "merchant_id": { "type": "string" } } }
                    """);

    private static final List<DeclaredError> ERRORS = List.of(
            DeclaredError.permanent("CARD_DECLINED", "the issuer declined the charge"),
            DeclaredError.retryable("ISSUER_UNAVAILABLE", "the issuer did not answer; retried"));

    @Override
    public String name() {
        return "charge_card";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public List<DeclaredError> errors() {
        return ERRORS;
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        long amount = context.getInput("amount_cents", Long.class); // the schema says it is there
        if (amount > 100_000) {
            throw new PermanentStepException("Declined: over the card limit", "CARD_DECLINED");
        }
        return StepExecutionResult.success(context.stepUuid(),
                Map.of("charged_cents", amount, "currency", context.getInput("currency")));
    }
}
