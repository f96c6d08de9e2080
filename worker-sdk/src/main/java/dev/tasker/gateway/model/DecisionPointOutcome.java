package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** {@code result.decision_point_outcome} of a decision step: a tagged union on {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DecisionPointOutcome.NoBranches.class, name = "no_branches"),
        @JsonSubTypes.Type(value = DecisionPointOutcome.CreateSteps.class, name = "create_steps")})
@JsonPropertyOrder({"type"})
public sealed interface DecisionPointOutcome {

    /**
     * The discriminator, written as a regular property so the type survives wherever the outcome is
     * serialized (also as a value of a {@code Map<String, Object>} result, where Jackson adds no type id).
     */
    @JsonProperty("type")
    String type();

    static DecisionPointOutcome noBranches() {
        return new NoBranches();
    }

    static DecisionPointOutcome createSteps(List<String> stepNames) {
        return new CreateSteps(stepNames);
    }

    /** No branch is taken. */
    record NoBranches() implements DecisionPointOutcome {
        @Override
        @JsonProperty("type")
        public String type() {
            return "no_branches";
        }
    }

    /** Create the named steps; the list must not be empty (use {@link NoBranches}). */
    record CreateSteps(@JsonProperty("step_names") List<String> stepNames) implements DecisionPointOutcome {
        public CreateSteps {
            if (stepNames == null || stepNames.isEmpty()) {
                throw new IllegalArgumentException("create_steps needs at least one step name; use no_branches");
            }
            stepNames = List.copyOf(stepNames);
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return "create_steps";
        }
    }
}
