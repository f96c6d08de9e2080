package dev.tasker.gateway.registry;

/**
 * A handler's name or alias is already taken. The message names the key, the handler that holds it and
 * the one that was refused, with their sources. Nothing of the refused handler is registered.
 */
public class HandlerNameConflictException extends RuntimeException {

    private final String key;
    private final RegisteredHandler existing;
    private final RegisteredHandler refused;

    public HandlerNameConflictException(String key, RegisteredHandler existing, RegisteredHandler refused) {
        super("handler name '" + key + "' of '" + refused.name() + "' (" + refused.source().describe()
                + ") is already taken by '" + existing.name() + "' (" + existing.source().describe() + ")");
        this.key = key;
        this.existing = existing;
        this.refused = refused;
    }

    public String key() {
        return key;
    }

    public RegisteredHandler existing() {
        return existing;
    }

    public RegisteredHandler refused() {
        return refused;
    }
}
