package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One entry of {@code step_definition.publishes_events}.
 *
 * @param name         dotted event name, required
 * @param description  may be null
 * @param condition    defaults to {@link EventCondition#SUCCESS}
 * @param schema       JSON Schema of the business payload (any JSON), may be null
 * @param deliveryMode defaults to {@link DeliveryMode#DURABLE}
 * @param publisher    the publisher's name, null for the default publisher
 */
public record EventDeclaration(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("condition") EventCondition condition,
        @JsonProperty("schema") Object schema,
        @JsonProperty("delivery_mode") DeliveryMode deliveryMode,
        @JsonProperty("publisher") String publisher) {

    public EventDeclaration {
        Objects.requireNonNull(name, "publishes_events[].name");
        condition = condition == null ? EventCondition.SUCCESS : condition;
        deliveryMode = deliveryMode == null ? DeliveryMode.DURABLE : deliveryMode;
    }
}
