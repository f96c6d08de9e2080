package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.DecisionPointOutcome;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A handler for {@code type: decision} steps: it picks which downstream steps the orchestrator creates
 * (contract 3). Implement {@link StepHandler#call} and answer with one of the three helpers:
 * <ul>
 *   <li>{@link #decisionSuccess}: create the named steps;</li>
 *   <li>{@link #skipBranches}: create none ({@code no_branches});</li>
 *   <li>{@link #decisionFailure}: the decision cannot be made (not retried).</li>
 * </ul>
 * An interface (a mixin) so that a handler can extend {@link ApiStepHandler} and decide too. The helpers are
 * pure and thread-safe; they leave {@code step_uuid} null, which the gateway fills.
 */
public interface DecisionStepHandler extends StepHandler {

    /** {@code error_code} of {@link #decisionFailure}. */
    String DECISION_ERROR = "DECISION_ERROR";

    /** {@code decision}. */
    @Override
    default String kind() {
        return "decision";
    }

    /**
     * A decision to create steps: result {@code {decision_point_outcome: {type: create_steps, step_names},
     * steps_created, routing_context}}.
     *
     * @param stepNames      the steps to create, in order; not null, not empty, no null or blank names
     *                       (to create none use {@link #skipBranches})
     * @param routingContext why this route was taken (amounts, bands, rule ids); null means {@code {}};
     *                       values may be null
     * @throws IllegalArgumentException when {@code stepNames} is empty or holds a null or blank name
     */
    default StepExecutionResult decisionSuccess(List<String> stepNames, Map<String, Object> routingContext) {
        Objects.requireNonNull(stepNames, "stepNames");
        if (stepNames.stream().anyMatch(name -> name == null || name.isBlank())) {
            throw new IllegalArgumentException("step names must not be null or blank: " + stepNames);
        }
        DecisionPointOutcome outcome = DecisionPointOutcome.createSteps(stepNames);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("decision_point_outcome", outcome);
        result.put("steps_created", List.copyOf(stepNames));
        result.put("routing_context", copy(routingContext));
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result));
    }

    /**
     * A decision to take no branch: result {@code {decision_point_outcome: {type: no_branches}, skip_reason,
     * routing_context}}.
     *
     * @param reason         a short machine-readable reason; not null
     * @param routingContext may be null ({@code {}})
     */
    default StepExecutionResult skipBranches(String reason, Map<String, Object> routingContext) {
        Objects.requireNonNull(reason, "reason");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("decision_point_outcome", DecisionPointOutcome.noBranches());
        result.put("skip_reason", reason);
        result.put("routing_context", copy(routingContext));
        return StepExecutionResult.success(null, Collections.unmodifiableMap(result));
    }

    /**
     * The decision cannot be made: a {@code failed} result, {@code error_code} {@code DECISION_ERROR}, never
     * retried.
     *
     * @param message   for people; not null
     * @param errorType usually {@link ErrorTypes#VALIDATION_ERROR} or {@link ErrorTypes#PERMANENT_ERROR};
     *                  null means {@code permanent_error}
     */
    default StepExecutionResult decisionFailure(String message, String errorType) {
        return StepExecutionResult.failure(null, Objects.requireNonNull(message, "message"), DECISION_ERROR,
                errorType == null ? ErrorTypes.PERMANENT_ERROR : errorType, false);
    }

    private static Map<String, Object> copy(Map<String, Object> routingContext) {
        return Collections.unmodifiableMap(routingContext == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(routingContext));
    }
}
