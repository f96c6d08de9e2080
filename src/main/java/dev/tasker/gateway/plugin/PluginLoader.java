package dev.tasker.gateway.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * Loads one plugin jar: copies it under the data folder, checks it is a jar, and gives it its own
 * {@link PluginClassLoader} whose parent is the application's loader.
 */
public final class PluginLoader {

    private final JarStaging staging;
    private final ClassLoader parent;
    private final Clock clock;

    public PluginLoader(JarStaging staging, ClassLoader parent, Clock clock) {
        this.staging = staging;
        this.parent = parent;
        this.clock = clock;
    }

    /** Copies the jar and hashes it, without loading anything. */
    public StagedJar stage(Path jar) throws PluginLoadException {
        try {
            return staging.stage(jar);
        } catch (IOException e) {
            throw new PluginLoadException(PluginFailure.ofJar(jar.getFileName().toString(), null,
                    PluginFailure.KIND_UNREADABLE, PluginFailure.causeOf(e)));
        }
    }

    /** Opens a staged copy in a class loader of its own. */
    public LoadedJar load(StagedJar staged) throws PluginLoadException {
        try (JarFile ignored = new JarFile(staged.copy().toFile())) {
            // opening it is the check: a file that is not a zip fails here, before any class loader exists
        } catch (ZipException e) {
            throw new PluginLoadException(PluginFailure.ofJar(staged.fileName(), staged.sha256(),
                    PluginFailure.KIND_NOT_A_ZIP, "not a zip/jar file (" + e.getMessage() + ")"));
        } catch (IOException e) {
            throw new PluginLoadException(PluginFailure.ofJar(staged.fileName(), staged.sha256(),
                    PluginFailure.KIND_UNREADABLE, PluginFailure.causeOf(e)));
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(staged.fileName(), staged.copy().toUri().toURL(), parent);
        } catch (MalformedURLException e) {
            throw new PluginLoadException(PluginFailure.ofJar(staged.fileName(), staged.sha256(),
                    PluginFailure.KIND_UNREADABLE, PluginFailure.causeOf(e)));
        }
        return new LoadedJar(staged, clock.instant(), loader);
    }

    /** Where copies go. */
    public JarStaging staging() {
        return staging;
    }
}
