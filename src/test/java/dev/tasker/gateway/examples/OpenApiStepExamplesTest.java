package dev.tasker.gateway.examples;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request example of {@code POST /v1/steps} and {@code POST /v1/steps/batch} in openapi.yaml runs and
 * answers contract results.
 */
class OpenApiStepExamplesTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<Map.Entry<String, JsonNode>> examples() throws IOException {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi.yaml").toFile());
        JsonNode examples = spec.at("/paths/~1v1~1steps/post/requestBody/content/application~1json/examples");
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        // the golden-file examples are $refs to components/examples: they document the contract's steps, whose
        // handlers (process_payment, send_confirmation, ...) are not all built in; OpenApiSpecTest checks them
        examples.fields().forEachRemaining(entry -> {
            if (entry.getValue().has("value")) {
                entries.add(Map.entry(entry.getKey(), entry.getValue().get("value")));
            }
        });
        assertThat(entries).extracting(Map.Entry::getKey)
                .contains("validate_cart", "http_request", "routing_decision", "csv_analyzer", "csv_batch_processor");
        return entries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleExecutes(Map.Entry<String, JsonNode> example) {
        HttpResponse<String> response = gateway.postJson("/v1/steps", example.getValue());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = TestGateway.json(response);
        assertGatewayResult(result);
        if (example.getKey().endsWith("_input_invalid")) {
            assertThat(result.at("/metadata/error_code").asText()).as(response.body()).isEqualTo("INPUT_INVALID");
        } else if (!example.getKey().equals("http_request")) {
            assertThat(result.get("success").asBoolean()).as(response.body()).isTrue();
        }
    }

    @Test
    void everyBatchExampleExecutesEachOfItsSteps() throws IOException {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi.yaml").toFile());
        JsonNode examples = spec.at("/paths/~1v1~1steps~1batch/post/requestBody/content/application~1json/examples");
        assertThat(examples.size()).as("batch request examples").isPositive();

        examples.fields().forEachRemaining(example -> {
            JsonNode batch = example.getValue().get("value");
            HttpResponse<String> response = gateway.postJson("/v1/steps/batch", batch);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode results = TestGateway.json(response).get("results");
            assertThat(results).hasSize(batch.get("steps").size());
            results.forEach(result -> {
                assertGatewayResult(result);
                assertThat(result.get("success").asBoolean()).as(result.toString()).isTrue();
            });
        });
    }
}
