package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A maintained OpenAPI parser (swagger-parser-v3) reads {@code openapi.yaml} with no message at all: a stray
 * key (an unquoted comma inside a flow mapping splits a description into a second key) or a broken
 * {@code $ref} is a message, so it fails here rather than in a user's linter.
 */
class OpenApiParserTest {

    @Test
    void specParsesWithNoMessage() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser()
                .readContents(Files.readString(Path.of("openapi.yaml")), null, options);

        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getPaths()).containsKey("/v1/steps");
    }

    /**
     * OpenAPI 3.1 schemas accept any keyword, so the parser cannot see a description split by an unquoted
     * comma ({@code description: What is wrong, when down} inside a flow mapping makes a key
     * {@code "when down"}). No key of this spec has a space: a key with one is such a split.
     */
    @Test
    void noKeyIsTheTailOfASplitDescription() throws Exception {
        JsonNode spec = new YAMLMapper().readTree(Files.readString(Path.of("openapi.yaml")));
        List<String> stray = new ArrayList<>();
        collectKeysWithSpaces(spec, "", stray);

        assertThat(stray).as("keys made of a description's tail").isEmpty();
    }

    private static void collectKeysWithSpaces(JsonNode node, String path, List<String> stray) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String at = path + "/" + field.getKey();
                if (field.getKey().contains(" ") && !path.contains("/examples/") && !path.endsWith("/example")) {
                    stray.add(at);
                }
                collectKeysWithSpaces(field.getValue(), at, stray);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectKeysWithSpaces(node.get(i), path + "/" + i, stray);
            }
        }
    }
}
