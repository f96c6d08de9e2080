package dev.tasker.gateway.docs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ```json} blocks of a guide marked {@code <!-- sample:name -->} on the line before, by name. */
final class GuideJsonSamples {

    private final String guide;

    private GuideJsonSamples(String guide) {
        this.guide = guide.replace("\r\n", "\n");
    }

    static GuideJsonSamples of(Path guide) {
        try {
            return new GuideJsonSamples(Files.readString(guide));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The named block, parsed. */
    JsonNode json(String name) {
        Matcher matcher = Pattern.compile("^<!-- sample:" + Pattern.quote(name) + " -->\\n```json\\n(.*?)^```$",
                Pattern.DOTALL | Pattern.MULTILINE).matcher(guide);
        if (!matcher.find()) {
            throw new AssertionError("the guide has no json block marked sample:" + name);
        }
        try {
            return TestGateway.JSON.readTree(matcher.group(1));
        } catch (IOException e) {
            throw new AssertionError("sample:" + name + " is not JSON: " + e.getMessage(), e);
        }
    }
}
