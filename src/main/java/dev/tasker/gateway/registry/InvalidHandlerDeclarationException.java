package dev.tasker.gateway.registry;

/**
 * What a handler declares of itself cannot be used: an input schema that is not a valid JSON Schema (or has
 * a {@code $ref} that does not resolve), an error catalog with a blank or repeated code, a method list with
 * a blank or repeated name. The message names the handler and what is wrong; nothing of it is registered.
 */
public class InvalidHandlerDeclarationException extends IllegalArgumentException {

    public InvalidHandlerDeclarationException(String message) {
        super(message);
    }

    public InvalidHandlerDeclarationException(String message, Throwable cause) {
        super(message, cause);
    }
}
