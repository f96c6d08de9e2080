package dev.tasker.gateway.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.handler.StepHandler;
import java.util.List;

/** One entry of {@code GET /v1/handlers}: what a handler is and where it came from. */
public record HandlerDescriptor(
        @JsonProperty("name") String name,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("version") String version,
        @JsonProperty("kind") String kind,
        @JsonProperty("capabilities") List<String> capabilities,
        @JsonProperty("source") HandlerSource source,
        @JsonProperty("description") String description) {

    public HandlerDescriptor {
        aliases = List.copyOf(aliases);
        capabilities = List.copyOf(capabilities);
    }

    static HandlerDescriptor of(StepHandler handler, HandlerSource source) {
        return of(handler, handler.name(), handler.aliases(), source);
    }

    /** With the name and aliases already asked of the handler (its other methods are asked here). */
    static HandlerDescriptor of(StepHandler handler, String name, List<String> aliases, HandlerSource source) {
        return new HandlerDescriptor(name, safeList(aliases), handler.version(), handler.kind(),
                safeList(handler.capabilities()), source, handler.description());
    }

    private static List<String> safeList(List<String> list) {
        return list == null ? List.of() : list.stream().filter(s -> s != null).sorted().toList();
    }
}
