package dev.tasker.gateway.registry;

import dev.tasker.gateway.handler.StepHandler;
import java.util.Objects;

/** A handler with its provenance, as held by a {@link HandlerRegistry}. */
public record RegisteredHandler(StepHandler handler, HandlerSource source) {

    public RegisteredHandler {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(source, "source");
    }

    public String name() {
        return handler.name();
    }

    public HandlerDescriptor descriptor() {
        return HandlerDescriptor.of(this);
    }
}
