package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.JsonTrees;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.Vectors;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/steps} with full golden steps and partial steps. */
class StepsResourceTest {

    private static final AtomicReference<JsonNode> SEEN_STEP = new AtomicReference<>();
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(
                Handlers.named("step_probe", c -> {
                    SEEN_STEP.set(TestGateway.JSON.valueToTree(c.step()));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("order_id", c.getInput("order_id"));
                    out.put("config", c.handlerConfig());
                    out.put("inputs", c.getStepInputs());
                    out.put("is_retry", c.isRetry());
                    return StepExecutionResult.success(c.stepUuid(), out, 0, Map.of("checked", true));
                }),
                Handlers.named("process_payment", c -> StepExecutionResult.success(c.stepUuid(), Map.of(
                        "charged", c.getDependencyField("validate_cart", "total"),
                        "first_sku", c.getDependencyField("validate_cart", "validated_items", "0", "sku"),
                        "attempt", c.retryCount() + 1,
                        "last_attempt", c.isLastRetry()))));
    }

    /**
     * A golden step under a new workflow_step_uuid: the idempotency store answers a (step_uuid, attempts)
     * it has seen from the store, and these tests want the handler to run.
     */
    private static ObjectNode freshGolden(String file) {
        ObjectNode golden = (ObjectNode) Vectors.tree(file);
        ((ObjectNode) golden.get("workflow_step")).put("workflow_step_uuid", java.util.UUID.randomUUID().toString());
        return golden;
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aFullGoldenStepRunsItsHandlerWithEveryPartOfTheStep() {
        // validate_cart is a built-in example; the probe reports what a handler receives
        ObjectNode golden = freshGolden("input-01-plain-step.task-sequence-step.json");
        ((ObjectNode) golden.at("/step_definition/handler")).put("callable", "step_probe");

        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", golden.toString()),
                golden.at("/workflow_step/workflow_step_uuid").asText());

        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.at("/result/order_id")).isEqualTo(golden.at("/task/task/context/order_id"));
        assertThat(result.at("/result/config")).isEqualTo(golden.at("/step_definition/handler/initialization"));
        assertThat(result.at("/result/inputs")).isEqualTo(golden.at("/workflow_step/inputs"));
        assertThat(result.at("/result/is_retry").asBoolean()).isFalse();
        assertThat(result.at("/metadata/custom/checked").asBoolean()).isTrue();
        assertThat(JsonTrees.canonical(SEEN_STEP.get())).as("the handler saw the step exactly as sent")
                .isEqualTo(JsonTrees.canonical(golden));
    }

    @Test
    void dependencyResultsAndRetryStateReachTheHandler() {
        JsonNode golden = freshGolden("input-02-with-dependency-results-retry.task-sequence-step.json");

        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", golden.toString()),
                golden.at("/workflow_step/workflow_step_uuid").asText());

        assertThat(result.at("/result/charged").asDouble()).isEqualTo(193.3);
        assertThat(result.at("/result/first_sku").asText()).isEqualTo("SKU-7781");
        assertThat(result.at("/result/attempt").asInt()).isEqualTo(2);
        assertThat(result.at("/result/last_attempt").asBoolean()).isFalse();
    }

    @Test
    void theBuiltInDecisionExampleAnswersTheGoldenDecisionOutcomeWithItsType() {
        JsonNode golden = freshGolden("input-03-decision-handler.task-sequence-step.json");
        JsonNode expected = Vectors.tree("output-05-decision-create-steps.step-execution-result.json");

        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", golden.toString()),
                golden.at("/workflow_step/workflow_step_uuid").asText());

        assertThat(result.at("/result/decision_point_outcome")).isEqualTo(expected.at("/result/decision_point_outcome"));
    }

    @Test
    void aPartialStepToEchoAnswersACompleteResultWithTheContextAsResult() {
        HttpResponse<String> response = gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"order\":42}}}}");

        JsonNode result = assertGatewayResult(response);

        assertThat(result.get("result")).isEqualTo(TestGateway.JSON.createObjectNode().put("order", 42));
        assertThat(result.get("step_uuid").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(result.at("/metadata/handler_version").asText()).isEqualTo("1.0.0");
    }

    @ParameterizedTest(name = "context {0}")
    @ValueSource(strings = {"[1,2,3]", "\"text\"", "7", "null", "{\"nested\":{\"deep\":[null,{\"x\":1.5}]}}"})
    void theTaskContextMayBeAnyJson(String context) throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":" + context + "}}}");

        JsonNode result = assertGatewayResult(response);

        assertThat(result.get("result")).isEqualTo(TestGateway.JSON.readTree(context));
    }

    /** Numbers a double cannot hold, and trailing zeros a double or a normalizing tree would drop. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.1000000000000000055511151231257827", "1E+400", "1.50", "100.0", "-2.5E-400",
            "123456789012345678901234567890.123456789"})
    void echoAnswersADecimalExactlyAsItCame(String number) throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":"
                + "{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"amount\":" + number + "}}}}");

        assertGatewayResult(response);
        assertThat(rawNumberText(response.body(), "result", "amount")).isEqualTo(number);
    }

    @Test
    void echoKeepsTheValueOfALowerCaseExponent() throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":"
                + "{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"amount\":1e400}}}}");

        assertThat(new BigDecimal(rawNumberText(response.body(), "result", "amount")))
                .isEqualByComparingTo(new BigDecimal("1e400"));
    }

    /** The number token at {@code outer.inner} of a JSON object, as written on the wire. */
    private static String rawNumberText(String json, String outer, String inner) throws IOException {
        try (JsonParser parser = TestGateway.JSON.getFactory().createParser(json)) {
            int depth = 0;
            boolean inOuter = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                    inOuter = inOuter && depth >= 2;
                } else if (token == JsonToken.FIELD_NAME && depth == 1 && outer.equals(parser.currentName())) {
                    inOuter = true;
                } else if (token == JsonToken.FIELD_NAME && depth == 2 && inOuter && inner.equals(parser.currentName())) {
                    assertThat(parser.nextToken().isNumeric()).as("%s.%s is a number in %s", outer, inner, json)
                            .isTrue();
                    return parser.getText();
                }
            }
        }
        throw new AssertionError(outer + "." + inner + " not found in " + json);
    }

    @Test
    void theHandlerIsFoundByTemplateStepNameWhenNoCallableIsGiven() {
        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps",
                "{\"workflow_step\":{\"template_step_name\":\"echo\"},\"task\":{\"task\":{\"context\":\"hi\"}}}"));

        assertThat(result.get("result").asText()).isEqualTo("hi");
    }

    @Test
    void stepUuidOfEveryInputFormIsAnsweredLowerCaseHyphenated() {
        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},"
                        + "\"workflow_step\":{\"workflow_step_uuid\":\"{019AC9F2-3B1A-7D02-8E3F-4A5B6C7D8E09}\"}}"),
                "019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e09");

        assertThat(result.get("success").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "timeout_seconds {0}")
    @ValueSource(longs = {Long.MAX_VALUE, 0, -5})
    void anyIntegerTimeoutIsAcceptedAbsurdOnesCappedAndNonPositiveOnesDefaulted(long timeoutSeconds) {
        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"},\"timeout_seconds\":" + timeoutSeconds + "}}"));

        assertThat(result.get("success").asBoolean()).isTrue();
    }

    @Test
    void theRequestIdIsEchoedOnASuccessAndGeneratedWhenAbsent() {
        HttpResponse<String> given = gateway.send(java.net.http.HttpRequest.newBuilder(gateway.uri("/v1/steps"))
                .header("Content-Type", "application/json").header("X-Request-Id", "orchestrator-7")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}")).build());
        HttpResponse<String> generated = gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}");

        assertGatewayResult(given);
        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("orchestrator-7");
        assertGatewayResult(generated);
        assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches(dev.tasker.gateway.testing.ResultAssertions.UUID_LOWER_HYPHENATED));
    }

    @Test
    void unknownKeysInTheStepAreIgnored() {
        ObjectNode golden = freshGolden("input-01-plain-step.task-sequence-step.json");
        golden.put("added_by_a_newer_orchestrator", true);
        ((ObjectNode) golden.get("workflow_step")).putObject("future").put("x", 1);

        assertGatewayResult(gateway.postJson("/v1/steps", golden.toString()),
                golden.at("/workflow_step/workflow_step_uuid").asText());
    }
}
