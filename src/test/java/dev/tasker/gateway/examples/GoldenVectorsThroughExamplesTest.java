package dev.tasker.gateway.examples;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract's golden inputs, POSTed to a real gateway, answered by the built-in examples. */
class GoldenVectorsThroughExamplesTest {

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
    void decisionInputGivesExactlyTheGoldenDecisionOutcome() {
        JsonNode input = vector("input-03-decision-handler.task-sequence-step.json");
        JsonNode expected = vector("output-05-decision-create-steps.step-execution-result.json");

        JsonNode answer = execute(input);

        assertThat(answer.get("result")).isEqualTo(expected.get("result"));
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("step_uuid")).isEqualTo(expected.get("step_uuid"));
        assertThat(answer.get("orchestration_metadata")).isEqualTo(expected.get("orchestration_metadata"));
        assertGatewayResult(answer);
    }

    @Test
    void batchableInputWithAThousandRowsGivesExactlyTheGoldenBatchOutcome() {
        ObjectNode input = (ObjectNode) vector("input-05-batchable-analyzer.task-sequence-step.json");
        ((ObjectNode) input.at("/task/task/context")).put("total_rows", 1000);
        JsonNode expected = vector("output-07-batchable-create-batches.step-execution-result.json");

        JsonNode answer = execute(input);

        assertThat(answer.get("result")).isEqualTo(expected.get("result"));
        assertThat(answer.get("step_uuid")).isEqualTo(expected.get("step_uuid"));
        assertThat(answer.get("metadata").get("custom")).isEqualTo(expected.get("metadata").get("custom"));
        assertGatewayResult(answer);
    }

    @Test
    void batchableInputWithoutRowCountOrReadableFileIsCsvNotReadable() {
        ObjectNode input = (ObjectNode) vector("input-05-batchable-analyzer.task-sequence-step.json");
        // another attempt than the 1000-row test's: the same (step_uuid, attempts) is answered from the store
        ((ObjectNode) input.get("workflow_step")).put("attempts", 1);
        JsonNode answer = execute(input);

        assertThat(answer.get("success").asBoolean()).isFalse();
        assertThat(answer.at("/metadata/error_code").asText()).isEqualTo("CSV_NOT_READABLE");
        assertThat(answer.at("/metadata/error_type").asText()).isEqualTo("validation_error");
        assertThat(answer.at("/metadata/retryable").asBoolean()).isFalse();
        assertGatewayResult(answer);
    }

    @Test
    void plainCartInputSucceedsWithTheValidatedCart() {
        JsonNode input = vector("input-01-plain-step.task-sequence-step.json");

        JsonNode answer = execute(input);

        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("status").asText()).isEqualTo("completed");
        assertThat(answer.get("step_uuid")).isEqualTo(input.at("/workflow_step/workflow_step_uuid"));
        assertThat(answer.at("/result/total_quantity").asLong()).isEqualTo(3);
        assertThat(answer.at("/result/subtotal").decimalValue()).isEqualByComparingTo("178.98");
        assertThat(answer.at("/result/currency").asText()).isEqualTo("USD");
        assertThat(answer.at("/result/validated_items")).hasSize(2);
        assertThat(answer.at("/result/validated_items/0/line_total").decimalValue()).isEqualByComparingTo("49.98");
        assertGatewayResult(answer);
    }

    private static JsonNode execute(JsonNode step) {
        HttpResponse<String> response = gateway.postJson("/v1/steps", step);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestGateway.json(response);
    }

    static JsonNode vector(String name) {
        try (InputStream in = GoldenVectorsThroughExamplesTest.class.getResourceAsStream("/contract/vectors/" + name)) {
            assertThat(in).as("vector " + name).isNotNull();
            return TestGateway.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
