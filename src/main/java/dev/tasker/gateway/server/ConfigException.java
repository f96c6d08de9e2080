package dev.tasker.gateway.server;

/** The configuration cannot be used; the message names the setting and the source it came from. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
