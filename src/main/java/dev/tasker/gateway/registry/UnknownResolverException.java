package dev.tasker.gateway.registry;

import java.util.List;

/** A step's {@code handler.resolver} names no resolver of the chain. */
public class UnknownResolverException extends RuntimeException {

    private final String resolver;
    private final List<String> known;

    public UnknownResolverException(String resolver, List<String> known) {
        super("no handler resolver is named '" + resolver + "' (resolvers: " + String.join(", ", known) + ")");
        this.resolver = resolver;
        this.known = List.copyOf(known);
    }

    public String resolver() {
        return resolver;
    }

    public List<String> known() {
        return known;
    }
}
