package dev.tasker.gateway.server;

import dev.tasker.gateway.execution.HandlerUsage;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.http.ReadinessCheck;
import dev.tasker.gateway.plugin.JarStaging;
import dev.tasker.gateway.plugin.PluginFailure;
import dev.tasker.gateway.plugin.PluginLoader;
import dev.tasker.gateway.plugin.PluginManager;
import dev.tasker.gateway.plugin.PluginRepository;
import dev.tasker.gateway.plugin.PluginUsage;
import dev.tasker.gateway.plugin.PluginWatcher;
import dev.tasker.gateway.registry.ActiveRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plugin jars in the gateway's lifecycle: loads the plugins folder at start (jars copied under
 * {@code <data_dir>/plugins}), watches it when {@code plugins_watch} is on, and on stop ends the watcher
 * and retires every jar.
 */
public final class PluginSupport implements Managed {

    static final Duration WATCH_DEBOUNCE = Duration.ofMillis(500);

    private final GatewayConfig config;
    private final JarStaging staging;
    private final PluginManager manager;
    private final PluginUsage usage = new PluginUsage();
    private PluginWatcher watcher;

    public PluginSupport(GatewayConfig config, ActiveRegistry registries, List<StepHandler> builtins) {
        this.config = config;
        this.staging = new JarStaging(config.dataDir().resolve("plugins"));
        this.manager = new PluginManager(new PluginRepository(config.pluginsDir()),
                new PluginLoader(staging, StepHandler.class.getClassLoader(), Clock.systemUTC()), builtins,
                registries, Clock.systemUTC(), config.classLookupResolver());
    }

    public PluginManager manager() {
        return manager;
    }

    /** Keeps a plugin's class loader open while a step runs on one of its handlers. */
    public HandlerUsage usage() {
        return usage;
    }

    @Override
    public void start() throws Exception {
        if (staging.folder().equals(manager.repository().folder())) {
            throw new ConfigException("plugins folder " + config.pluginsDir() + " (GATEWAY_PLUGINS_DIR) must not be "
                    + staging.folder() + ", where GATEWAY_DATA_DIR keeps the copies of loaded jars");
        }
        staging.deleteCopiesExcept(Set.of()); // no class loader reads them yet: start from fresh copies
        try {
            manager.reload();
        } catch (UncheckedIOException e) {
            throw new ConfigException("cannot use plugins folder " + config.pluginsDir() + " (GATEWAY_PLUGINS_DIR): "
                    + e.getCause().getMessage(), e);
        }
        if (config.pluginsWatch()) {
            watcher = new PluginWatcher(manager, WATCH_DEBOUNCE);
            watcher.start();
        }
    }

    @Override
    public void stop() throws Exception {
        if (watcher != null) {
            watcher.stop();
        }
        manager.close();
    }

    /** Always up (a broken jar never takes the gateway out of service); names the failing jars in its detail. */
    public ReadinessCheck readinessCheck() {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "plugins";
            }

            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }

            @Override
            public Optional<String> detail() {
                List<PluginFailure> failures = manager.snapshot().failures();
                if (failures.isEmpty()) {
                    return Optional.empty();
                }
                String jars = failures.stream().map(PluginFailure::jar).distinct().collect(Collectors.joining(", "));
                return Optional.of(failures.size() + " plugin load failure(s) in " + jars + "; see GET /v1/plugins");
            }
        };
    }
}
