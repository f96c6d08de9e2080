package dev.tasker.gateway.plugin;

import dev.tasker.gateway.registry.HandlerSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A plugin jar open in its own class loader. {@link #services(Class)} gives the jar's providers of any
 * service type ({@code StepHandler} today; step event publishers can be found the same way), created once
 * per type and kept for the jar's lifetime. Thread-safe.
 */
public final class LoadedJar {

    private final StagedJar staged;
    private final Instant loadedAt;
    private final PluginClassLoader classLoader;
    private final Map<Class<?>, ServiceScan<?>> scans = new HashMap<>();

    LoadedJar(StagedJar staged, Instant loadedAt, PluginClassLoader classLoader) {
        this.staged = staged;
        this.loadedAt = loadedAt;
        this.classLoader = classLoader;
    }

    /**
     * The jar's providers of {@code type} (through {@code META-INF/services/<type>}), with a failure for
     * each listed class that did not load. The same instances on every call.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> ServiceScan<T> services(Class<T> type) {
        ServiceScan<?> scan = scans.get(type);
        if (scan == null) {
            scan = ServiceFinder.find(type, classLoader, staged.fileName(), staged.sha256());
            scans.put(type, scan);
        }
        return (ServiceScan<T>) scan;
    }

    /** The jar's file name in the plugins folder. */
    public String fileName() {
        return staged.fileName();
    }

    public String sha256() {
        return staged.sha256();
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public StagedJar staged() {
        return staged;
    }

    public PluginClassLoader classLoader() {
        return classLoader;
    }

    /** The provenance of the jar's handlers. */
    public HandlerSource source() {
        return HandlerSource.plugin(staged.fileName(), staged.sha256(), loadedAt);
    }

    /** True when this is the same file with the same bytes (a reload keeps such a jar as it is). */
    boolean sameAs(StagedJar other) {
        return staged.fileName().equals(other.fileName()) && staged.sha256().equals(other.sha256());
    }

    /** The jar left the active registry: its class loader closes once no step runs on it. */
    void retire() {
        classLoader.retire();
    }

    /** Like {@link #retire()}, running {@code whenClosed} once the class loader has closed. */
    void retire(Runnable whenClosed) {
        classLoader.retire(whenClosed);
    }

    @Override
    public String toString() {
        return "plugin " + staged.fileName() + " (" + staged.sha256() + ")";
    }
}
