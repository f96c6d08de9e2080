package dev.tasker.gateway.docs;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.docs.samples.ChargeCardHandler;
import dev.tasker.gateway.testing.TestGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 9 of {@code docs/handlers.md} as a real gateway runs it: its JSON samples are read from the guide,
 * the step is posted, and the answer and the descriptor are what the guide shows.
 */
class DescribingHandlersGuideTest {

    private static final GuideJsonSamples GUIDE = GuideJsonSamples.of(Path.of("docs", "handlers.md"));
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(new ChargeCardHandler());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theDocumentedStepIsAnsweredWithTheDocumentedErrorContext() {
        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", GUIDE.json("charge-card-step")));

        assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INPUT_INVALID");
        assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
        assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
        assertThat(result.at("/error/context")).isEqualTo(GUIDE.json("charge-card-error-context"));
    }

    @Test
    void theDocumentedStepWithAValidContextRunsTheHandler() {
        ObjectNode step = (ObjectNode) GUIDE.json("charge-card-step");
        ((ObjectNode) step.at("/task/task/context")).put("currency", "USD").put("amount_cents", 1250);

        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", step));

        assertThat(result.get("success").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.at("/result/charged_cents").asLong()).isEqualTo(1250);
    }

    @Test
    void theDescriptorShowsTheDocumentedDeclarations() {
        JsonNode descriptor = TestGateway.json(gateway.get("/v1/handlers/charge_card"));
        JsonNode documented = GUIDE.json("charge-card-declarations");

        assertThat(descriptor.get("input_schema")).isEqualTo(documented.get("input_schema"));
        assertThat(descriptor.get("errors")).isEqualTo(documented.get("errors"));
    }
}
