package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When a declared event fires. {@code retryable_failure}/{@code permanent_failure} read {@code metadata.retryable}. */
public enum EventCondition {
    @JsonProperty("success") SUCCESS,
    @JsonProperty("failure") FAILURE,
    @JsonProperty("retryable_failure") RETRYABLE_FAILURE,
    @JsonProperty("permanent_failure") PERMANENT_FAILURE,
    @JsonProperty("always") ALWAYS;

    /** Whether an event with this condition fires for the given result. */
    public boolean holdsFor(StepExecutionResult result) {
        return switch (this) {
            case SUCCESS -> result.success();
            case FAILURE -> !result.success();
            case RETRYABLE_FAILURE -> !result.success() && result.isRetryable();
            case PERMANENT_FAILURE -> !result.success() && !result.isRetryable();
            case ALWAYS -> true;
        };
    }
}
