package dev.tasker.gateway.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A published domain event (contract 4): this exact JSON is the webhook request body.
 *
 * @param eventId      UUID v7, also the {@code webhook-id}
 * @param eventName    dotted name, e.g. {@code order.confirmed}
 * @param eventVersion always {@code 1.0} for now
 * @param payload      the step, its result and the business payload
 * @param metadata     where and when it was fired
 */
public record DomainEvent(
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("event_name") String eventName,
        @JsonProperty("event_version") String eventVersion,
        @JsonProperty("payload") Payload payload,
        @JsonProperty("metadata") Metadata metadata) {

    public static final String VERSION = "1.0";

    public DomainEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * @param taskSequenceStep the step as received (with generated ids filled in)
     * @param executionResult  its result, exactly as answered
     * @param payload          the business payload; any JSON, may be null
     */
    public record Payload(
            @JsonProperty("task_sequence_step") TaskSequenceStep taskSequenceStep,
            @JsonProperty("execution_result") StepExecutionResult executionResult,
            @JsonProperty("payload") Object payload) {
    }

    /** {@code metadata} of the envelope; {@code fired_by} names the publisher. */
    public record Metadata(
            @JsonProperty("task_uuid") UUID taskUuid,
            @JsonProperty("step_uuid") UUID stepUuid,
            @JsonProperty("step_name") String stepName,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("correlation_id") UUID correlationId,
            @JsonProperty("fired_at") Instant firedAt,
            @JsonProperty("fired_by") String firedBy) {
    }
}
