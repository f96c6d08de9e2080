package dev.tasker.gateway.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One entry of {@code GET /v1/handlers}: the {@link HandlerDescriptor} without the bodies of its input schema
 * and error catalog, saying only whether the handler declares them ({@code GET /v1/handlers/{name}} shows
 * them).
 */
public record HandlerSummary(
        @JsonProperty("name") String name,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("version") String version,
        @JsonProperty("kind") String kind,
        @JsonProperty("capabilities") List<String> capabilities,
        @JsonProperty("methods") List<String> methods,
        @JsonProperty("source") HandlerSource source,
        @JsonProperty("description") String description,
        @JsonProperty("declares_input_schema") boolean declaresInputSchema,
        @JsonProperty("declares_errors") boolean declaresErrors) {

    public HandlerSummary {
        aliases = List.copyOf(aliases);
        capabilities = List.copyOf(capabilities);
        methods = List.copyOf(methods);
    }

    public static HandlerSummary of(HandlerDescriptor descriptor) {
        return new HandlerSummary(descriptor.name(), descriptor.aliases(), descriptor.version(), descriptor.kind(),
                descriptor.capabilities(), descriptor.methods(), descriptor.source(), descriptor.description(),
                descriptor.declaresInputSchema(), descriptor.declaresErrors());
    }
}
