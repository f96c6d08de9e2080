package dev.tasker.gateway.plugin;

import dev.tasker.gateway.execution.HandlerUsage;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.Optional;

/**
 * Counts the steps running on each plugin jar's code, through the class loader that defined the handler.
 * Built-in handlers need nothing counted.
 */
public final class PluginUsage implements HandlerUsage {

    private static final Optional<Use> NOTHING_TO_COUNT = Optional.of(() -> { });

    @Override
    public Optional<Use> begin(RegisteredHandler handler) {
        return beginUseOf(handler.handler());
    }

    /**
     * Begins a use of any object a plugin jar provided (a handler, a step event publisher): its jar's class
     * loader stays open until the use ends. Empty when that jar was already unloaded.
     */
    public static Optional<Use> beginUseOf(Object pluginProvided) {
        if (!(pluginProvided.getClass().getClassLoader() instanceof PluginClassLoader plugin)) {
            return NOTHING_TO_COUNT;
        }
        return plugin.tryAcquire() ? Optional.of(plugin::release) : Optional.empty();
    }
}
