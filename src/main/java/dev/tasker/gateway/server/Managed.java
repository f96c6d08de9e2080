package dev.tasker.gateway.server;

/**
 * A component with a lifecycle. Components start in the order they are added, before the HTTP server
 * accepts requests, and stop in reverse order after it stopped.
 */
public interface Managed {

    void start() throws Exception;

    void stop() throws Exception;
}
