package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.yaml} and Swagger UI at {@code /docs}. */
class DocsResourceTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theSpecIsServedAsYamlAndIsTheTopLevelFile() throws IOException {
        HttpResponse<String> response = gateway.get("/openapi.yaml");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        JsonNode spec = new YAMLMapper().readTree(response.body());
        assertThat(spec.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(response.body()).isEqualTo(Files.readString(Path.of("openapi.yaml")));
    }

    @Test
    void docsIsSwaggerUiPointedAtTheSpec() {
        HttpResponse<String> page = gateway.get("/docs");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("swagger-ui", "/docs/assets/swagger-ui-bundle.js", "/docs/assets/init.js");
        assertThat(gateway.get("/docs/assets/init.js").body()).contains("url: \"/openapi.yaml\"");
    }

    @Test
    void swaggerUiAssetsComeFromTheWebjar() {
        HttpResponse<String> bundle = gateway.get("/docs/assets/swagger-ui-bundle.js");
        HttpResponse<String> css = gateway.get("/docs/assets/swagger-ui.css");

        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValue("application/javascript");
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css");
    }

    @Test
    void anUnknownOrEscapingAssetIs404Problem() {
        assertProblem(gateway.get("/docs/assets/nope.js"), 404, null);
        assertProblem(gateway.get("/docs/assets/..%2F..%2Fpom.properties"), 404, null);
    }
}
