package dev.tasker.gateway.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.registry.HandlerSource;
import dev.tasker.gateway.registry.RegisteredHandler;

/**
 * One handler a reload added, replaced or removed. For a replaced handler {@code version} and
 * {@code source} are the new ones and {@code previous_*} the old ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandlerChange(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("source") HandlerSource source,
        @JsonProperty("previous_version") String previousVersion,
        @JsonProperty("previous_source") HandlerSource previousSource) {

    static HandlerChange of(RegisteredHandler handler) {
        return new HandlerChange(handler.name(), handler.descriptor().version(), handler.source(), null, null);
    }

    static HandlerChange replaced(RegisteredHandler previous, RegisteredHandler current) {
        return new HandlerChange(current.name(), current.descriptor().version(), current.source(),
                previous.descriptor().version(), previous.source());
    }
}
