package dev.tasker.gateway.plugin;

import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerNameConflictException;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.HandlerSource;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds registry snapshots from the built-in handlers and every jar of the plugins folder, and swaps them
 * into the {@link ActiveRegistry} at once. A jar whose file name and bytes did not change keeps its class
 * loader and handler instances; a changed or removed jar is retired and its class loader closes once no
 * step runs on it. Built-ins register first, then jars by file name: of two handlers with one name the
 * first keeps it and the other is a {@code name_taken} failure, never a replacement. Reloads are
 * serialized; reads never block.
 */
public final class PluginManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

    private final PluginRepository repository;
    private final PluginLoader loader;
    private final List<StepHandler> builtins;
    private final ActiveRegistry active;
    private final Clock clock;
    private final List<Consumer<PluginSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile PluginSnapshot current = PluginSnapshot.empty();

    public PluginManager(PluginRepository repository, PluginLoader loader, List<StepHandler> builtins,
                         ActiveRegistry active, Clock clock) {
        this.repository = repository;
        this.loader = loader;
        this.builtins = List.copyOf(builtins);
        this.active = active;
        this.clock = clock;
    }

    /**
     * Loads every jar of the folder (keeping unchanged ones), swaps the new registry in and retires the
     * jars it no longer uses.
     *
     * @throws java.io.UncheckedIOException when the plugins folder cannot be read or created
     */
    public synchronized ReloadReport reload() {
        PluginSnapshot previous = current;
        HandlerRegistry registry = builtinRegistry();
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<PluginFailure> failures = new ArrayList<>();
        for (Path path : repository.jars()) {
            LoadedJar fresh = null;
            try {
                StagedJar staged = loader.stage(path);
                LoadedJar jar = previous.jarMatching(staged).orElse(null);
                if (jar == null) {
                    jar = fresh = loader.load(staged);
                }
                plugins.add(new LoadedPlugin(jar, registerHandlers(jar, jar == fresh, registry, failures)));
            } catch (PluginLoadException e) {
                failures.add(e.failure());
            } catch (RuntimeException | LinkageError e) {
                failures.add(PluginFailure.ofJar(path.getFileName().toString(), fresh == null ? null : fresh.sha256(),
                        PluginFailure.KIND_LOAD_FAILED, PluginFailure.causeOf(e)));
                if (fresh != null) {
                    fresh.retire();
                }
            }
        }
        PluginSnapshot next = new PluginSnapshot(clock.instant(), plugins, failures);
        HandlerRegistry replaced = active.swap(registry);
        current = next;
        retireUnused(previous, next);
        logNewFailures(previous, next);
        ReloadReport report = ReloadReport.between(replaced, registry, failures, next.loadedAt());
        LOG.info("plugins loaded from {}: {} jars, {} handlers ({} added, {} replaced, {} removed), {} failures",
                repository.folder(), plugins.size(), report.handlers(), report.added().size(),
                report.replaced().size(), report.removed().size(), failures.size());
        notifyListeners(next);
        return report;
    }

    /** The plugins behind the active registry. */
    public PluginSnapshot snapshot() {
        return current;
    }

    /** What {@code GET /v1/plugins} shows. */
    public PluginsStatus status() {
        return PluginsStatus.of(repository.folder(), current);
    }

    /**
     * Called after every reload with the new snapshot, on the reloading thread (e.g. to load other service
     * types, such as step event publishers, from {@link LoadedJar#services(Class)}). A throwing listener is
     * logged and ignored.
     */
    public void addListener(Consumer<PluginSnapshot> listener) {
        listeners.add(listener);
    }

    public PluginRepository repository() {
        return repository;
    }

    /** Swaps the built-ins alone back in and retires every jar. */
    @Override
    public synchronized void close() {
        PluginSnapshot previous = current;
        active.swap(builtinRegistry());
        current = PluginSnapshot.empty();
        retireUnused(previous, current);
    }

    private HandlerRegistry builtinRegistry() {
        HandlerRegistry registry = new HandlerRegistry();
        builtins.forEach(registry::register);
        return registry;
    }

    private static List<String> registerHandlers(LoadedJar jar, boolean fresh, HandlerRegistry registry,
                                                 List<PluginFailure> failures) {
        ServiceScan<StepHandler> scan = jar.services(StepHandler.class);
        failures.addAll(scan.failures());
        HandlerSource source = jar.source();
        List<String> names = new ArrayList<>();
        for (StepHandler handler : scan.instances()) {
            String className = handler.getClass().getName();
            try {
                // everything GET /v1/handlers will ask the handler, asked once here
                new RegisteredHandler(handler, source).descriptor();
                registry.register(handler, source);
                names.add(handler.name());
            } catch (HandlerNameConflictException e) {
                failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(), className,
                        PluginFailure.KIND_NAME_TAKEN, e.getMessage()));
            } catch (RuntimeException | LinkageError e) {
                failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(), className,
                        PluginFailure.KIND_INVALID_HANDLER, PluginFailure.causeOf(e)));
            }
        }
        if (fresh && scan.instances().isEmpty() && scan.failures().isEmpty()) {
            LOG.warn("plugin {} declares no handler (META-INF/services/{})", jar.fileName(),
                    StepHandler.class.getName());
        }
        return names;
    }

    private static void retireUnused(PluginSnapshot previous, PluginSnapshot next) {
        Set<LoadedJar> kept = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(next.jars());
        for (LoadedJar jar : previous.jars()) {
            if (!kept.contains(jar)) {
                LOG.info("{} retired; its class loader closes once no step runs on it", jar);
                jar.retire();
            }
        }
    }

    /** Each failure is logged once: when it first appears, not again on every reload that repeats it. */
    private static void logNewFailures(PluginSnapshot previous, PluginSnapshot next) {
        Set<PluginFailure> known = new HashSet<>(previous.failures());
        for (PluginFailure failure : next.failures()) {
            if (!known.contains(failure)) {
                LOG.error("{}", failure.describe());
            }
        }
    }

    private void notifyListeners(PluginSnapshot snapshot) {
        for (Consumer<PluginSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("plugin listener {} failed", listener, e);
            }
        }
    }
}
