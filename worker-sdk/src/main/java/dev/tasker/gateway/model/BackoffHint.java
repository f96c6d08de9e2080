package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A retry delay the handler learned (for example from a downstream {@code Retry-After}).
 *
 * @param backoffType  why the delay exists; never null
 * @param delaySeconds whole seconds to wait, never negative
 * @param context      free text, may be null
 */
public record BackoffHint(
        @JsonProperty("backoff_type") BackoffHintType backoffType,
        @JsonProperty("delay_seconds") long delaySeconds,
        @JsonProperty("context") String context) {

    public BackoffHint {
        Objects.requireNonNull(backoffType, "backoff_type");
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("delay_seconds must not be negative: " + delaySeconds);
        }
    }
}
