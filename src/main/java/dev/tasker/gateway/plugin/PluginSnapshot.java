package dev.tasker.gateway.plugin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The plugins behind the active registry: the jars that loaded, with their handlers, and every failure of
 * the load that built it. Immutable.
 */
public record PluginSnapshot(Instant loadedAt, List<LoadedPlugin> plugins, List<PluginFailure> failures) {

    public PluginSnapshot {
        plugins = List.copyOf(plugins);
        failures = List.copyOf(failures);
    }

    static PluginSnapshot empty() {
        return new PluginSnapshot(null, List.of(), List.of());
    }

    /** Every loaded jar, by file name. */
    public List<LoadedJar> jars() {
        return plugins.stream().map(LoadedPlugin::jar).toList();
    }

    Optional<LoadedJar> jarMatching(StagedJar staged) {
        return jars().stream().filter(jar -> jar.sameAs(staged)).findFirst();
    }
}
