package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The task row ({@code task.task}). Row timestamps are zone-less ISO-8601 strings, passed through as they
 * came. {@code context} is the task input: any JSON value, may be null.
 */
public record Task(
        @JsonProperty("task_uuid") UUID taskUuid,
        @JsonProperty("named_task_uuid") UUID namedTaskUuid,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("requested_at") String requestedAt,
        @JsonProperty("initiator") String initiator,
        @JsonProperty("source_system") String sourceSystem,
        @JsonProperty("reason") String reason,
        @JsonProperty("tags") Object tags,
        @JsonProperty("context") Object context,
        @JsonProperty("identity_hash") String identityHash,
        @JsonProperty("priority") int priority,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("correlation_id") UUID correlationId,
        @JsonProperty("parent_correlation_id") UUID parentCorrelationId) {

    public Task withIds(UUID newTaskUuid, UUID newCorrelationId) {
        return new Task(newTaskUuid, namedTaskUuid, complete, requestedAt, initiator, sourceSystem, reason, tags,
                context, identityHash, priority, createdAt, updatedAt, newCorrelationId, parentCorrelationId);
    }
}
