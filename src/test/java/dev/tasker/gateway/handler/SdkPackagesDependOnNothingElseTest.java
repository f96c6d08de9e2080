package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plugin jars compile against {@code handler} and {@code model} (worker-sdk): they must not reach into the gateway. */
class SdkPackagesDependOnNothingElseTest {

    private static final Pattern OUR_IMPORT = Pattern.compile("^import (static )?dev\\.tasker\\.gateway\\.(\\w+)\\.",
            Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"handler", "model"})
    void importsOnlyModelAndItself(String packageName) throws IOException {
        Path dir = Path.of("worker-sdk", "src", "main", "java", "dev", "tasker", "gateway", packageName);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path source : sources) {
                Matcher matcher = OUR_IMPORT.matcher(Files.readString(source));
                while (matcher.find()) {
                    assertThat(matcher.group(2)).as("%s imports dev.tasker.gateway.%s", source.getFileName(),
                            matcher.group(2)).isIn("model", packageName);
                }
            }
        }
    }
}
