package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The workflow step row. {@code attempts} counts attempts started before this one (0 on the first run).
 * {@code inputs} are the step inputs (a batch worker's cursor lives here); {@code checkpoint} the last
 * batch checkpoint. Row timestamps are passed through as strings.
 */
public record WorkflowStep(
        @JsonProperty("workflow_step_uuid") UUID workflowStepUuid,
        @JsonProperty("task_uuid") UUID taskUuid,
        @JsonProperty("named_step_uuid") UUID namedStepUuid,
        @JsonProperty("name") String name,
        @JsonProperty("template_step_name") String templateStepName,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("max_attempts") Integer maxAttempts,
        @JsonProperty("in_process") boolean inProcess,
        @JsonProperty("processed") boolean processed,
        @JsonProperty("processed_at") String processedAt,
        @JsonProperty("attempts") Integer attempts,
        @JsonProperty("last_attempted_at") String lastAttemptedAt,
        @JsonProperty("backoff_request_seconds") Integer backoffRequestSeconds,
        @JsonProperty("inputs") Object inputs,
        @JsonProperty("results") Object results,
        @JsonProperty("checkpoint") Object checkpoint,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    public WorkflowStep withIds(UUID newStepUuid, UUID newTaskUuid, String newName) {
        return new WorkflowStep(newStepUuid, newTaskUuid, namedStepUuid, newName, templateStepName, retryable,
                maxAttempts, inProcess, processed, processedAt, attempts, lastAttemptedAt, backoffRequestSeconds,
                inputs, results, checkpoint, createdAt, updatedAt);
    }
}
