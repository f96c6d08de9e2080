package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a retry should wait; the one enum written in PascalCase on the wire. */
public enum BackoffHintType {
    @JsonProperty("ServerRequested") SERVER_REQUESTED,
    @JsonProperty("RateLimit") RATE_LIMIT,
    @JsonProperty("ServiceUnavailable") SERVICE_UNAVAILABLE,
    @JsonProperty("Custom") CUSTOM
}
