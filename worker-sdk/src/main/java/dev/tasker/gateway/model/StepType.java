package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code step_definition.type}. */
public enum StepType {
    @JsonProperty("standard") STANDARD,
    @JsonProperty("decision") DECISION,
    @JsonProperty("deferred_convergence") DEFERRED_CONVERGENCE,
    @JsonProperty("batchable") BATCHABLE,
    @JsonProperty("batch_worker") BATCH_WORKER
}
