package dev.tasker.gateway.plugin;

import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds registry snapshots from the built-in handlers and every jar of the plugins folder, and swaps them
 * into the {@link ActiveRegistry} at once. A jar whose file name and bytes did not change keeps its class
 * loader and handler instances; a changed or removed jar is retired and its class loader closes once no
 * step runs on it. Built-ins register first; then the handlers of the jars that served their names before
 * the reload (changed or not); then the others, by jar file name. Of two handlers with one name the first
 * keeps it and the other is a {@code name_taken} failure naming both jars, never a replacement. Reloads
 * are serialized; reads never block.
 */
public final class PluginManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

    private final PluginRepository repository;
    private final PluginLoader loader;
    private final List<StepHandler> builtins;
    private final ActiveRegistry active;
    private final Clock clock;
    private final boolean classLookup;
    private final List<PluginContribution> contributions = new CopyOnWriteArrayList<>();
    /**
     * Jars a reload dropped whose class loader still runs a step; their copies must stay. A jar leaves as
     * soon as its loader closes, so nothing here keeps a closed loader from being collected.
     */
    private final Set<LoadedJar> retiredStillOpen = ConcurrentHashMap.newKeySet();
    private volatile PluginSnapshot current = PluginSnapshot.empty();

    public PluginManager(PluginRepository repository, PluginLoader loader, List<StepHandler> builtins,
                         ActiveRegistry active, Clock clock) {
        this(repository, loader, builtins, active, clock, false);
    }

    /**
     * @param classLookup whether the chain ends with the class-name resolver ({@code class_lookup}), which
     *                    instantiates a plugin's {@code StepHandler} class named by a step's {@code callable}
     */
    public PluginManager(PluginRepository repository, PluginLoader loader, List<StepHandler> builtins,
                         ActiveRegistry active, Clock clock, boolean classLookup) {
        this.classLookup = classLookup;
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
        Map<String, String> servedBefore = HandlerRegistration.servedByJars(active.current());
        List<PluginFailure> failures = new ArrayList<>();
        List<HandlerRegistration.JarHandlers> opened = open(previous, failures);
        HandlerRegistry registry = builtinRegistry();
        List<LoadedPlugin> plugins = HandlerRegistration.register(opened, servedBefore, registry, failures);
        PluginResolvers.register(plugins.stream().map(LoadedPlugin::jar).toList(), registry, classLookup, failures);
        HandlerRegistry replaced = active.swap(registry);
        failures.addAll(contribute(plugins));
        PluginSnapshot next = new PluginSnapshot(clock.instant(), plugins, failures);
        current = next;
        retireUnused(previous, next);
        deleteUnusedCopies(next);
        logNewFailures(previous, next);
        ReloadReport report = ReloadReport.between(replaced, registry, failures, next.loadedAt());
        LOG.info("plugins loaded from {}: {} jars, {} handlers ({} added, {} replaced, {} removed), {} failures",
                repository.folder(), plugins.size(), report.handlers(), report.added().size(),
                report.replaced().size(), report.removed().size(), failures.size());
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
     * Adds a service type to load from every jar on each reload (step event publishers, for example). Add it
     * before the gateway starts, so the first load includes it. A contribution that throws is logged and
     * ignored; the handlers still load.
     */
    public void addContribution(PluginContribution contribution) {
        contributions.add(contribution);
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

    /** Every jar of the folder, by file name, opened and scanned for handlers; nothing is registered yet. */
    private List<HandlerRegistration.JarHandlers> open(PluginSnapshot previous, List<PluginFailure> failures) {
        List<HandlerRegistration.JarHandlers> opened = new ArrayList<>();
        for (Path path : repository.jars()) {
            LoadedJar fresh = null;
            try {
                StagedJar staged = loader.stage(path);
                LoadedJar jar = previous.jarMatching(staged).orElse(null);
                if (jar == null) {
                    jar = fresh = loader.load(staged);
                }
                ServiceScan<StepHandler> scan = jar.services(StepHandler.class);
                failures.addAll(scan.failures());
                if (jar == fresh && scan.instances().isEmpty() && scan.failures().isEmpty()) {
                    LOG.warn("plugin {} declares no handler (META-INF/services/{})", jar.fileName(),
                            StepHandler.class.getName());
                }
                opened.add(new HandlerRegistration.JarHandlers(jar, scan));
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
        return opened;
    }

    private void retireUnused(PluginSnapshot previous, PluginSnapshot next) {
        Set<LoadedJar> kept = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(next.jars());
        for (LoadedJar jar : previous.jars()) {
            if (!kept.contains(jar)) {
                LOG.info("{} retired; its class loader closes once no step runs on it", jar);
                retiredStillOpen.add(jar);
                jar.retire(() -> retiredStillOpen.remove(jar));
            }
        }
    }

    /** Copies of jars neither loaded now nor still running a step are deleted, so copies do not pile up. */
    private void deleteUnusedCopies(PluginSnapshot next) {
        Set<String> inUse = new HashSet<>();
        next.jars().forEach(jar -> inUse.add(jar.sha256()));
        retiredStillOpen.forEach(jar -> inUse.add(jar.sha256()));
        loader.staging().deleteCopiesExcept(inUse);
    }

    private List<PluginFailure> contribute(List<LoadedPlugin> plugins) {
        List<LoadedJar> jars = plugins.stream().map(LoadedPlugin::jar).toList();
        List<PluginFailure> failures = new ArrayList<>();
        for (PluginContribution contribution : contributions) {
            try {
                failures.addAll(contribution.load(jars));
            } catch (RuntimeException e) {
                LOG.error("plugin contribution {} failed", contribution, e);
            }
        }
        return failures;
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
}
