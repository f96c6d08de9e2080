package dev.tasker.gateway.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The plugins folder: every {@code *.jar} file in it, sorted by file name. Hidden files ({@code .x.jar},
 * as copy tools write while copying) are skipped. Created if missing.
 */
public final class PluginRepository {

    private final Path folder;

    public PluginRepository(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /**
     * The jars in the folder now, by file name (which decides a name clash between jars that did not serve
     * the name before).
     */
    public List<Path> jars() {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(PluginRepository::isJar).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugins folder " + folder, e);
        }
    }

    static boolean isJar(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".jar") && !name.startsWith(".") && Files.isRegularFile(file);
    }
}
