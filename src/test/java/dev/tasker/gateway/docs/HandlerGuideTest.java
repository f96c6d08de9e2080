package dev.tasker.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of {@code docs/handlers.md} is a verbatim run of lines of a Java source that
 * the build compiles, and every guide sample is shown in the guide. So the guide's code compiles.
 */
class HandlerGuideTest {

    private static final Path GUIDE = Path.of("docs", "handlers.md");
    private static final Path SAMPLES = Path.of("src", "test", "java", "dev", "tasker", "gateway", "docs", "samples");
    private static final List<Path> SOURCE_ROOTS = List.of(Path.of("src", "test", "java"), Path.of("src", "main", "java"),
            Path.of("examples"));
    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void everyJavaBlockIsARunOfLinesOfACompiledSource() {
        List<String> blocks = javaBlocks();
        List<String> sources = sources();

        assertThat(blocks).as("java blocks in the guide").hasSizeGreaterThanOrEqualTo(6);
        for (String block : blocks) {
            assertThat(sources).as("a source containing the block starting with:%n%s",
                            block.lines().limit(3).reduce("", (a, b) -> a + b + "\n"))
                    .anyMatch(source -> normalize(source).contains(normalize(block)));
        }
    }

    @Test
    void everyGuideSampleIsShownInTheGuide() throws IOException {
        String guide = normalize(read(GUIDE));
        try (Stream<Path> samples = Files.list(SAMPLES)) {
            List<Path> files = samples.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(files).isNotEmpty();
            for (Path sample : files) {
                String withoutPackage = normalize(read(sample)).replaceFirst("(?s)^package [^\\n]*\\n\\n", "");
                assertThat(guide).as("the guide shows %s", sample.getFileName()).contains(withoutPackage.strip());
            }
        }
    }

    private static List<String> javaBlocks() {
        Matcher matcher = JAVA_BLOCK.matcher(normalize(read(GUIDE)));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    private static List<String> sources() {
        List<String> sources = new ArrayList<>();
        for (Path root : SOURCE_ROOTS) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(read(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /** Unix line ends, no trailing blanks. */
    private static String normalize(String text) {
        return text.replace("\r\n", "\n").replaceAll("[ \\t]+\\n", "\n");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
