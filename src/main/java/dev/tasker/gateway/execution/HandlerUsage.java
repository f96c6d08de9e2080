package dev.tasker.gateway.execution;

import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.Optional;

/**
 * Keeps what a handler's code needs (a plugin jar's class loader) open while a step uses the handler. The
 * executor begins one use before it runs a step and ends it when the handler's thread is done, so an
 * unloaded plugin is closed only once nothing runs on it. Thread-safe.
 */
@FunctionalInterface
public interface HandlerUsage {

    /** For handlers that need nothing kept open (built-ins): every use is granted. */
    HandlerUsage NONE = handler -> Optional.of(() -> { });

    /**
     * Begins one use of the handler.
     *
     * @return the use to {@link Use#end() end}, or empty when the handler's code was already unloaded (the
     *         caller resolves the handler again from the active registry)
     */
    Optional<Use> begin(RegisteredHandler handler);

    /** One granted use; end it exactly once. */
    @FunctionalInterface
    interface Use {
        void end();
    }
}
