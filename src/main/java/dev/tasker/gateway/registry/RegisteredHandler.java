package dev.tasker.gateway.registry;

import dev.tasker.gateway.handler.StepHandler;
import java.util.Objects;

/**
 * A handler with its provenance, as held by a {@link HandlerRegistry}. What the handler says of itself (name,
 * aliases, version, kind, capabilities, description, input schema, error catalog) is asked once, when it is
 * registered, and kept in its {@link #descriptor()}: listing handlers and stamping {@code
 * metadata.handler_version} never call handler code (a plugin's, possibly being unloaded) again, and always
 * agree with each other. Its input schema is compiled then too.
 *
 * @param descriptor  what {@code GET /v1/handlers} shows for it
 * @param inputSchema the descriptor's input schema, compiled
 */
public record RegisteredHandler(StepHandler handler, HandlerSource source, HandlerDescriptor descriptor,
                                CompiledInputSchema inputSchema) {

    public RegisteredHandler {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(inputSchema, "inputSchema");
    }

    /**
     * Compiles the descriptor's input schema.
     *
     * @throws InvalidHandlerDeclarationException when the schema cannot be used
     */
    public RegisteredHandler(StepHandler handler, HandlerSource source, HandlerDescriptor descriptor) {
        this(handler, source, descriptor, CompiledInputSchema.compile(descriptor.name(), descriptor.inputSchema()));
    }

    /**
     * Asks the handler for its descriptor.
     *
     * @throws RuntimeException whatever the handler's own methods throw, or an
     *                          {@link InvalidHandlerDeclarationException}
     */
    public RegisteredHandler(StepHandler handler, HandlerSource source) {
        this(handler, source, HandlerDescriptor.of(Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(source, "source")));
    }

    public String name() {
        return descriptor.name();
    }

    /** The version the handler declared when it was registered. */
    public String version() {
        return descriptor.version();
    }
}
