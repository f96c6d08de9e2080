package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code step_definition.handler}: {@code callable} names the handler; {@code initialization} is the
 * handler config (never null; null becomes empty).
 */
public record HandlerDefinition(
        @JsonProperty("callable") String callable,
        @JsonProperty("method") String method,
        @JsonProperty("resolver") String resolver,
        @JsonProperty("initialization") Map<String, Object> initialization) {

    public HandlerDefinition {
        initialization = WireCollections.copyOf(initialization);
    }
}
