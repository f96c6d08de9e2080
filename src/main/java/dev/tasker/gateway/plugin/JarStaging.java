package dev.tasker.gateway.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies plugin jars under the data folder, named by the SHA-256 of their bytes, before they are loaded.
 * The bytes are read once: the hash and the copy always describe the same content, even when the original
 * is being rewritten.
 */
public final class JarStaging {

    private static final Logger LOG = LoggerFactory.getLogger(JarStaging.class);
    /** Only files this class writes: {@code <sha256>.jar} and its temporary {@code <sha256>*.tmp}. */
    private static final Pattern OWN_FILE = Pattern.compile("([0-9a-f]{64})(\\.jar|\\d*\\.tmp)");

    private final Path folder;

    /** @param folder where copies go, e.g. {@code <data_dir>/plugins} */
    public JarStaging(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /** Copies the jar (unless a copy of the same bytes exists) and names it by its hash. */
    public StagedJar stage(Path jar) throws IOException {
        byte[] bytes = Files.readAllBytes(jar);
        String sha256 = sha256(bytes);
        Files.createDirectories(folder);
        Path copy = folder.resolve(sha256 + ".jar");
        if (!Files.isRegularFile(copy) || Files.size(copy) != bytes.length) {
            Path temp = Files.createTempFile(folder, sha256, ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new StagedJar(jar.getFileName().toString(), copy, sha256);
    }

    /**
     * Deletes copies no jar in use needs (best effort; call when no class loader reads them). Files this
     * class did not write are left alone.
     */
    public void deleteCopiesExcept(Set<String> sha256InUse) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Matcher own = OWN_FILE.matcher(file.getFileName().toString());
                if (own.matches() && !sha256InUse.contains(own.group(1))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clean staged plugin copies in {}: {}", folder, e.toString());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
