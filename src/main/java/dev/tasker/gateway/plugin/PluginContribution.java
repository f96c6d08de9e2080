package dev.tasker.gateway.plugin;

import java.util.List;

/**
 * Loads another service type from plugin jars, beside the handlers: step event publishers, for example.
 * Called on every load and reload, on the reloading thread, with every jar that loaded (also jars without
 * handlers), after the new handler registry is active. An implementation typically builds its own registry
 * from {@link LoadedJar#services(Class)} and swaps it in; while it calls into a provided object it holds
 * {@link PluginUsage#beginUseOf(Object)}, so a retired jar's class loader stays open until the call ends.
 */
@FunctionalInterface
public interface PluginContribution {

    /**
     * @param jars the jars of the new snapshot, by file name
     * @return what could not be loaded; shown by {@code GET /v1/plugins} and in the reload answer
     */
    List<PluginFailure> load(List<LoadedJar> jars);
}
