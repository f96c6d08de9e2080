package dev.tasker.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The contract's golden files, bundled under {@code src/test/resources/contract/vectors}. */
public final class Vectors {

    private Vectors() {
    }

    /** The folder holding the bundled golden files. */
    public static Path folder() {
        URL url = Vectors.class.getResource("/contract/vectors");
        if (url == null) {
            throw new IllegalStateException("contract/vectors is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** File names of the bundled golden JSON files whose name ends with {@code suffix}, sorted. */
    public static List<String> names(String suffix) {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        try {
            return Files.readString(folder().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String name) {
        try {
            return TestGateway.JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    public static <T> T read(String name, Class<T> type) {
        try {
            return TestGateway.JSON.readValue(text(name), type);
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }
}
