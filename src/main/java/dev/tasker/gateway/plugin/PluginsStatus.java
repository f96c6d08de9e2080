package dev.tasker.gateway.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The body of {@code GET /v1/plugins}: the loaded jars with their handlers, and every load failure. */
public record PluginsStatus(
        @JsonProperty("plugins_dir") String pluginsDir,
        @JsonProperty("loaded_at") Instant loadedAt,
        @JsonProperty("jars") List<JarStatus> jars,
        @JsonProperty("failures") List<PluginFailure> failures) {

    public PluginsStatus {
        jars = List.copyOf(jars);
        failures = List.copyOf(failures);
    }

    /** One loaded jar. */
    public record JarStatus(
            @JsonProperty("jar") String jar,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("loaded_at") Instant loadedAt,
            @JsonProperty("handlers") List<String> handlers) {

        public JarStatus {
            handlers = List.copyOf(handlers);
        }
    }

    static PluginsStatus of(Path folder, PluginSnapshot snapshot) {
        List<JarStatus> jars = snapshot.plugins().stream()
                .map(p -> new JarStatus(p.jar().fileName(), p.jar().sha256(), p.jar().loadedAt(), p.handlers()))
                .toList();
        return new PluginsStatus(folder.toString(), snapshot.loadedAt(), jars, snapshot.failures());
    }
}
