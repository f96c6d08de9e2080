package dev.tasker.gateway.plugin;

import java.util.List;

/** A jar of a {@link PluginSnapshot} with the names of the handlers it registered. */
public record LoadedPlugin(LoadedJar jar, List<String> handlers) {

    public LoadedPlugin {
        handlers = List.copyOf(handlers);
    }
}
