package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.DecisionStepHandler;
import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.ValidationStepException;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision pattern: routes an approval by the task context's {@code amount}. With config
 * {@code auto_approve_limit} (1000) and {@code finance_review_limit} (5000):
 * <pre>
 * amount = 0                      no branches, skip_reason zero_amount
 * 0 &lt; amount &lt; auto             auto_approve
 * auto &lt;= amount &lt; finance       manager_approval
 * amount &gt;= finance              manager_approval, finance_review
 * missing, not a number, &lt; 0     validation_error (DECISION_ERROR)
 * </pre>
 * {@code routing_context} records the amount as received, the band ({@code "1000-5000"}) and the rule.
 */
public final class RoutingDecisionHandler implements DecisionStepHandler {

    private static final InputSchema SCHEMA =
            InputSchema.fromResource(RoutingDecisionHandler.class, "routing_decision.schema.json");
    private static final List<DeclaredError> ERRORS = List.of(
            DeclaredError.validation(DECISION_ERROR, "the context amount is missing, not a number, or negative"),
            DeclaredError.validation(ExampleConfig.INVALID_CONFIG,
                    "the limits are not 0 < auto_approve_limit <= finance_review_limit"));

    static final String RULE = "amount_threshold_v2";

    private static final BigDecimal DEFAULT_AUTO_APPROVE_LIMIT = BigDecimal.valueOf(1000);
    private static final BigDecimal DEFAULT_FINANCE_REVIEW_LIMIT = BigDecimal.valueOf(5000);

    @Override
    public String name() {
        return "routing_decision";
    }

    @Override
    public String description() {
        return "Routes an approval by amount: auto_approve, manager_approval, or manager_approval + finance_review";
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
        BigDecimal autoLimit = ExampleConfig.number(context, "auto_approve_limit", DEFAULT_AUTO_APPROVE_LIMIT);
        BigDecimal financeLimit = ExampleConfig.number(context, "finance_review_limit", DEFAULT_FINANCE_REVIEW_LIMIT);
        if (autoLimit.signum() <= 0 || financeLimit.compareTo(autoLimit) < 0) {
            throw new ValidationStepException("handler config needs 0 < auto_approve_limit <= finance_review_limit",
                    ExampleConfig.INVALID_CONFIG);
        }

        Object rawAmount = context.getInput("amount");
        BigDecimal amount = ExampleConfig.decimal(rawAmount);
        if (amount == null) {
            return decisionFailure("Task context 'amount' must be a number, got "
                    + (rawAmount == null ? "nothing" : rawAmount), ErrorTypes.VALIDATION_ERROR);
        }
        if (amount.signum() < 0) {
            return decisionFailure("Task context 'amount' must not be negative, got " + rawAmount,
                    ErrorTypes.VALIDATION_ERROR);
        }

        if (amount.signum() == 0) {
            return skipBranches("zero_amount", routingContext(rawAmount, "0"));
        }
        String auto = plain(autoLimit);
        String finance = plain(financeLimit);
        if (amount.compareTo(autoLimit) < 0) {
            return decisionSuccess(List.of("auto_approve"), routingContext(rawAmount, "0-" + auto));
        }
        if (amount.compareTo(financeLimit) < 0) {
            return decisionSuccess(List.of("manager_approval"), routingContext(rawAmount, auto + "-" + finance));
        }
        return decisionSuccess(List.of("manager_approval", "finance_review"), routingContext(rawAmount, finance + "+"));
    }

    private static Map<String, Object> routingContext(Object amount, String band) {
        Map<String, Object> routing = new LinkedHashMap<>();
        routing.put("amount", amount);
        routing.put("threshold_band", band);
        routing.put("rule", RULE);
        return routing;
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }
}
