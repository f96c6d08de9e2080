package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a declared event is delivered: stored in the outbox, in-process only, or both. */
public enum DeliveryMode {
    @JsonProperty("durable") DURABLE,
    @JsonProperty("fast") FAST,
    @JsonProperty("broadcast") BROADCAST
}
