package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code step_definition.retry}. */
public record RetryConfiguration(
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("max_attempts") Integer maxAttempts,
        @JsonProperty("backoff") String backoff,
        @JsonProperty("backoff_base_ms") Long backoffBaseMs,
        @JsonProperty("max_backoff_ms") Long maxBackoffMs) {
}
