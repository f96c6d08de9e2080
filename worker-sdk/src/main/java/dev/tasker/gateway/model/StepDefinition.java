package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The step's template. {@code type} accepts the input alias {@code step_type}; {@code dependencies}
 * accepts {@code depends_on}. {@code result_schema} and {@code composition} are omitted when null.
 */
public record StepDefinition(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("handler") HandlerDefinition handler,
        @JsonProperty("type") @JsonAlias("step_type") StepType type,
        @JsonProperty("system_dependency") String systemDependency,
        @JsonProperty("dependencies") @JsonAlias("depends_on") List<String> dependencies,
        @JsonProperty("retry") RetryConfiguration retry,
        @JsonProperty("timeout_seconds") Long timeoutSeconds,
        @JsonProperty("publishes_events") List<EventDeclaration> publishesEvents,
        @JsonProperty("batch_config") Object batchConfig,
        @JsonProperty("result_schema") @JsonInclude(JsonInclude.Include.NON_NULL) Object resultSchema,
        @JsonProperty("composition") @JsonInclude(JsonInclude.Include.NON_NULL) Object composition) {

    public StepDefinition {
        dependencies = WireCollections.copyOf(dependencies);
        publishesEvents = WireCollections.copyOf(publishesEvents);
    }

    public StepDefinition withName(String newName) {
        return new StepDefinition(newName, description, handler, type, systemDependency, dependencies, retry,
                timeoutSeconds, publishesEvents, batchConfig, resultSchema, composition);
    }
}
