package dev.tasker.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example project of {@code examples/plugin-example}, built into a jar from its own sources and
 * services file, loads into a real gateway and answers steps as its README says.
 */
class ExamplePluginTest {

    private static final Path PROJECT = Path.of("examples", "plugin-example");

    private static TestGateway gateway;

    @BeforeAll
    static void startWithTheExamplePlugin() throws Exception {
        Path plugins = Files.createTempDirectory("plugins");
        PluginJarBuilder.create()
                .project(PROJECT.resolve("src/main/java"), PROJECT.resolve("src/main/resources"))
                .writeTo(plugins.resolve("greeting-plugin.jar"));
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void isListedAsAPluginHandler() {
        JsonNode greeting = TestGateway.json(gateway.get("/v1/handlers/greeting"));

        assertThat(greeting.get("version").asText()).isEqualTo("1.0.0");
        assertThat(greeting.get("source").get("jar").asText()).isEqualTo("greeting-plugin.jar");
        assertThat(TestGateway.json(gateway.get("/v1/plugins")).get("failures")).isEmpty();
    }

    @Test
    void greetsTheNameOfTheTaskInput() {
        JsonNode result = TestGateway.json(gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"greeting\",\"initialization\":{\"language\":\"fr\"}}},"
                        + "\"task\":{\"task\":{\"context\":{\"name\":\"Ada\"}}}}"));

        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("result").get("greeting").asText()).isEqualTo("Bonjour, Ada!");
        assertThat(result.get("metadata").get("handler_version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void aMissingNameIsANonRetryableValidationFailure() {
        HttpResponse<String> response = gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"examples.greeting\"}}}");
        JsonNode result = TestGateway.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("metadata").get("error_code").asText()).isEqualTo("NAME_MISSING");
        assertThat(result.get("metadata").get("error_type").asText()).isEqualTo("validation_error");
        assertThat(result.get("metadata").get("retryable").asBoolean()).isFalse();
    }
}
