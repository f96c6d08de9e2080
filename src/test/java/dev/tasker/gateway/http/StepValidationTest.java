package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.Vectors;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A step is checked whole before any handler runs (issue 10, item 1), and what another Tasker worker writes
 * is read no stricter than the Rust core reads it (contract 0.1, item 2).
 */
class StepValidationTest {

    private static final CountingHandler COUNTING = new CountingHandler("counting");
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(COUNTING, Handlers.named("dependency_reader", context ->
                StepExecutionResult.success(context.stepUuid(), Map.of(
                        "names", context.getDependencyStepNames(),
                        "inventory", String.valueOf(context.getDependencyResult("reserve_inventory")),
                        "shipping_success", context.getDependencyStepResult("ship_order").success()))));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static ObjectNode goldenOn(String handler) {
        ObjectNode step = (ObjectNode) Vectors.tree("input-06-publishes-events.task-sequence-step.json").deepCopy();
        ((ObjectNode) step.with("step_definition").with("handler")).put("callable", handler);
        step.with("workflow_step").put("workflow_step_uuid", UUID.randomUUID().toString());
        return step;
    }

    @Nested
    class NullElements {

        @ParameterizedTest
        @ValueSource(strings = {"publishes_events", "dependencies"})
        void nullListElementOfTheDefinitionIs400BeforeTheHandlerRuns(String list) {
            ObjectNode step = goldenOn("counting");
            step.with("step_definition").withArray(list).addNull();
            int before = COUNTING.calls();

            HttpResponse<String> response = gateway.postJson("/v1/steps", step.toString());

            JsonNode problem = assertProblem(response, 400, "INVALID_STEP");
            assertThat(problem.get("errors").get(0).get("field").asText())
                    .startsWith("step_definition." + list + "[");
            assertThat(COUNTING.calls()).isEqualTo(before);
        }

        @Test
        void publishesEventsOfOnlyNullIs400NotA500AfterTheHandlerRan() {
            int before = COUNTING.calls();

            HttpResponse<String> response = gateway.postJson("/v1/steps",
                    "{\"step_definition\":{\"handler\":{\"callable\":\"counting\"},\"publishes_events\":[null]}}");

            JsonNode problem = assertProblem(response, 400, "INVALID_STEP");
            assertThat(problem.get("errors").get(0).get("field").asText())
                    .isEqualTo("step_definition.publishes_events[0]");
            assertThat(COUNTING.calls()).isEqualTo(before);
        }

        @Test
        void nullDependencyResultIs400() {
            int before = COUNTING.calls();

            HttpResponse<String> response = gateway.postJson("/v1/steps",
                    "{\"step_definition\":{\"handler\":{\"callable\":\"counting\"}},\"dependency_results\":{\"a\":null}}");

            JsonNode problem = assertProblem(response, 400, "INVALID_STEP");
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("dependency_results.a");
            assertThat(COUNTING.calls()).isEqualTo(before);
        }

        @Test
        void batchWithANullElementInOneStepRunsNoStep() {
            ObjectNode good = goldenOn("counting");
            ObjectNode bad = goldenOn("counting");
                bad.with("step_definition").withArray("publishes_events").addNull();
            int before = COUNTING.calls();

            HttpResponse<String> response = gateway.postJson("/v1/steps/batch",
                    "{\"steps\":[" + good + "," + bad + "]}");

            JsonNode problem = assertProblem(response, 400, "INVALID_STEP");
            assertThat(problem.get("errors").get(0).get("field").asText())
                    .isEqualTo("steps[1].step_definition.publishes_events[3]");
            assertThat(COUNTING.calls()).isEqualTo(before);
        }
    }

    @Nested
    class ResultsOfOtherWorkers {

        private ObjectNode stepWithLenientDependencies() {
            ObjectNode step = (ObjectNode) Vectors.tree("input-02-with-dependency-results-retry.task-sequence-step.json")
                    .deepCopy();
            ((ObjectNode) step.with("step_definition").with("handler")).put("callable", "dependency_reader");
            step.with("workflow_step").put("workflow_step_uuid", UUID.randomUUID().toString());
            ObjectNode dependencies = step.with("dependency_results");
            dependencies.set("reserve_inventory", Vectors.tree("inbound-02-python-worker-success.lenient.json"));
            dependencies.set("ship_order", Vectors.tree("inbound-03-ruby-worker-failure.lenient.json"));
            return step;
        }

        @Test
        void pythonAndRubyResultsAreAcceptedAsDependencyResults() {
            HttpResponse<String> response = gateway.postJson("/v1/steps", stepWithLenientDependencies().toString());

            JsonNode result = assertGatewayResult(response);
            assertThat(result.get("success").asBoolean()).as(result.toString()).isTrue();
            List<String> names = StreamSupport.stream(result.get("result").get("names").spliterator(), false)
                    .map(JsonNode::asText).toList();
            assertThat(names).contains("reserve_inventory", "ship_order");
            assertThat(result.get("result").get("inventory").asText()).contains("RSV-55120");
            assertThat(result.get("result").get("shipping_success").asBoolean()).isFalse();
        }

        @Test
        void lenientResultsAreAcceptedAsWorkflowStepResults() {
            for (String vector : List.of("inbound-02-python-worker-success.lenient.json",
                    "inbound-03-ruby-worker-failure.lenient.json")) {
                ObjectNode step = goldenOn("counting");
                step.with("workflow_step").set("results", Vectors.tree(vector));

                assertGatewayResult(gateway.postJson("/v1/steps", step.toString()));
            }
        }

        @Test
        void lenientResultsAreAcceptedInABatch() {
            ObjectNode step = stepWithLenientDependencies();
            HttpResponse<String> response = gateway.postJson("/v1/steps/batch", "{\"steps\":[" + step + "]}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(TestGateway.json(response).get("results").get(0).get("success").asBoolean()).isTrue();
        }

        @Test
        void aDependencyResultWithNoMetadataAtAllTakesItsDefaults() {
            ObjectNode step = goldenOn("dependency_reader");
            ObjectNode dependencies = step.with("dependency_results");
            dependencies.removeAll();
            dependencies.set("reserve_inventory", TestGateway.JSON.createObjectNode().put("success", true)
                    .put("status", "retryable_error").put("task_uuid", "x"));
            dependencies.set("ship_order", TestGateway.JSON.createObjectNode());

            JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", step.toString()));
            assertThat(result.get("success").asBoolean()).as(result.toString()).isTrue();
        }

        @Test
        void anErrorWithoutMessageMayStillBeRefusedAsTheRustCoreDoes() {
            ObjectNode step = goldenOn("counting");
            ObjectNode dependencies = step.with("dependency_results");
            dependencies.set("x", TestGateway.JSON.createObjectNode().set("error",
                    TestGateway.JSON.createObjectNode().put("retryable", false)));

            assertProblem(gateway.postJson("/v1/steps", step.toString()), 400, "INVALID_STEP");
        }
    }
}
