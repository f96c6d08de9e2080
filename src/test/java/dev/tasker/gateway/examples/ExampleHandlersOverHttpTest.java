package dev.tasker.gateway.examples;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in examples' fixed behaviour (issue 3), through a real gateway over HTTP. */
class ExampleHandlersOverHttpTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Nested
    class Registration {

        @Test
        void everyExampleIsListedWithItsPattern() {
            JsonNode handlers = TestGateway.json(gateway.get("/v1/handlers"));
            Map<String, String> kinds = new LinkedHashMap<>();
            for (JsonNode handler : handlers.isArray() ? handlers : handlers.path("handlers")) {
                kinds.put(handler.get("name").asText(), handler.get("kind").asText());
            }

            assertThat(kinds).containsEntry("echo", "standard")
                    .containsEntry("validate_cart", "standard")
                    .containsEntry("http_request", "api")
                    .containsEntry("routing_decision", "decision")
                    .containsEntry("csv_analyzer", "batchable")
                    .containsEntry("csv_batch_processor", "batch_worker");
        }
    }

    @Nested
    class ValidateCart {

        @Test
        void sumsQuantitiesAndRoundsTheSubtotalToCents() {
            JsonNode result = run("validate_cart", Map.of(), Map.of("currency", "EUR", "cart_items", List.of(
                    item("A", 3, 0.1), item("B", 1, 19.999))));

            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.at("/result/total_quantity").asLong()).isEqualTo(4);
            assertThat(result.at("/result/subtotal").decimalValue()).isEqualByComparingTo("20.30");
            assertThat(result.at("/result/currency").asText()).isEqualTo("EUR");
            assertThat(result.at("/result/validated_items/0/line_total").decimalValue()).isEqualByComparingTo("0.30");
            assertGatewayResult(result);
        }

        @Test
        void currencyDefaultsToUsd() {
            JsonNode result = run("validate_cart", Map.of(), Map.of("cart_items", List.of(item("A", 1, 5))));

            assertThat(result.at("/result/currency").asText()).isEqualTo("USD");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "no cart                 | {}                                                          | EMPTY_CART",
                "null cart               | {\"cart_items\":null}                                       | EMPTY_CART",
                "empty cart              | {\"cart_items\":[]}                                         | EMPTY_CART",
                "cart not a list         | {\"cart_items\":{\"sku\":\"A\"}}                            | INPUT_INVALID",
                "zero quantity           | {\"cart_items\":[{\"sku\":\"A\",\"quantity\":0,\"unit_price\":1}]}   | INVALID_ITEM",
                "negative quantity       | {\"cart_items\":[{\"sku\":\"A\",\"quantity\":-2,\"unit_price\":1}]}  | INVALID_ITEM",
                "fractional quantity     | {\"cart_items\":[{\"sku\":\"A\",\"quantity\":1.5,\"unit_price\":1}]} | INPUT_INVALID",
                "no price                | {\"cart_items\":[{\"sku\":\"A\",\"quantity\":1}]}                    | INPUT_INVALID",
                "price not a number      | {\"cart_items\":[{\"sku\":\"A\",\"quantity\":1,\"unit_price\":\"9\"}]} | INPUT_INVALID",
                "over the default limit  | {\"cart_items\":[{\"sku\":\"A\",\"quantity\":101,\"unit_price\":1}]} | TOO_MANY_ITEMS"})
        void invalidCartsAreNonRetryableValidationErrors(String name, String context, String code) throws IOException {
            JsonNode result = run("validate_cart", Map.of(), TestGateway.JSON.readValue(context, Map.class));

            assertThat(result.get("success").asBoolean()).isFalse();
            assertThat(result.at("/metadata/error_code").asText()).isEqualTo(code);
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
            assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
            assertGatewayResult(result);
        }

        @Test
        void exactlyTheDefaultLimitOfOneHundredPasses() {
            JsonNode result = run("validate_cart", Map.of(), Map.of("cart_items", List.of(
                    item("A", 60, 1), item("B", 40, 1))));

            assertThat(result.get("success").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.at("/result/total_quantity").asLong()).isEqualTo(100);
        }

        @Test
        void theItemLimitComesFromTheConfig() {
            Map<String, Object> context = Map.of("cart_items", List.of(item("A", 2, 1), item("B", 2, 1)));

            assertThat(run("validate_cart", Map.of("max_items_per_order", 4), context).get("success").asBoolean())
                    .isTrue();
            JsonNode over = run("validate_cart", Map.of("max_items_per_order", 3), context);
            assertThat(over.at("/metadata/error_code").asText()).isEqualTo("TOO_MANY_ITEMS");
            assertThat(over.at("/metadata/context/max_items_per_order").asLong()).isEqualTo(3);
        }
    }

    @Nested
    class RoutingDecision {

        @ParameterizedTest(name = "amount {0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "0.01    | auto_approve                   | 0-1000",
                "999.99  | auto_approve                   | 0-1000",
                "1000    | manager_approval               | 1000-5000",
                "4999.5  | manager_approval               | 1000-5000",
                "5000    | manager_approval,finance_review | 5000+",
                "1000000 | manager_approval,finance_review | 5000+"})
        void createsTheStepsOfTheAmountsBand(String amount, String steps, String band) throws IOException {
            JsonNode amountNode = TestGateway.JSON.readTree(amount);
            JsonNode result = run("routing_decision", Map.of(), Map.of("amount", amountNode));

            List<String> expected = List.of(steps.split(","));
            assertThat(result.at("/result/decision_point_outcome"))
                    .isEqualTo(json(Map.of("type", "create_steps", "step_names", expected)));
            assertThat(result.at("/result/steps_created")).isEqualTo(json(expected));
            assertThat(result.at("/result/routing_context"))
                    .isEqualTo(json(Map.of("amount", amountNode, "threshold_band", band, "rule", "amount_threshold_v2")));
            assertGatewayResult(result);
        }

        @Test
        void zeroSkipsEveryBranch() {
            JsonNode result = run("routing_decision", Map.of(), Map.of("amount", 0));

            assertThat(result.at("/result/decision_point_outcome")).isEqualTo(json(Map.of("type", "no_branches")));
            assertThat(result.at("/result/skip_reason").asText()).isEqualTo("zero_amount");
            assertThat(result.at("/result/routing_context/amount").asInt()).isZero();
        }

        @Test
        void limitsComeFromTheConfig() {
            JsonNode result = run("routing_decision", Map.of("auto_approve_limit", 10, "finance_review_limit", 20.5),
                    Map.of("amount", 15));

            assertThat(result.at("/result/steps_created")).isEqualTo(json(List.of("manager_approval")));
            assertThat(result.at("/result/routing_context/threshold_band").asText()).isEqualTo("10-20.5");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {"missing | {}", "text | {\"amount\":\"12\"}",
                "negative | {\"amount\":-1}", "null | {\"amount\":null}"})
        void aMissingNonNumericOrNegativeAmountIsAValidationError(String name, String context) throws IOException {
            JsonNode result = run("routing_decision", Map.of(), TestGateway.JSON.readValue(context, Map.class));

            assertThat(result.get("success").asBoolean()).isFalse();
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("DECISION_ERROR");
            assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
            assertGatewayResult(result);
        }
    }

    @Nested
    class CsvAnalyzer {

        @TempDir
        Path dir;

        @Test
        void countsTheDataRowsOfALocalFileWithoutTheHeader() throws IOException {
            Path csv = dir.resolve("products.csv");
            StringBuilder rows = new StringBuilder("sku,price\n");
            for (int i = 0; i < 250; i++) {
                rows.append("SKU-").append(i).append(",1.00\n");
            }
            Files.writeString(csv, rows + "\n");

            JsonNode result = run("csv_analyzer", Map.of(), Map.of("csv_file_path", csv.toString()));

            assertThat(result.at("/result/total_items").asLong()).isEqualTo(250);
            assertThat(result.at("/result/worker_count").asInt()).isEqualTo(3);
            assertThat(result.at("/result/worker_template").asText()).isEqualTo("process_csv_batch");
            assertThat(result.at("/result/batch_processing_outcome/cursor_configs/2"))
                    .isEqualTo(json(Map.of("batch_id", "003", "start_cursor", 200, "end_cursor", 250, "batch_size", 50)));
            assertGatewayResult(result);
        }

        @Test
        void aFileWithOnlyAHeaderHasNoBatches() throws IOException {
            Path csv = Files.writeString(dir.resolve("empty.csv"), "sku,price\n");

            JsonNode result = run("csv_analyzer", Map.of(), Map.of("csv_file_path", csv.toString()));

            assertThat(result.at("/result/batch_processing_outcome")).isEqualTo(json(Map.of("type", "no_batches")));
            assertThat(result.at("/result/worker_count").asInt()).isZero();
            assertGatewayResult(result);
        }

        @Test
        void zeroTotalRowsHasNoBatches() {
            JsonNode result = run("csv_analyzer", Map.of(), Map.of("total_rows", 0));

            assertThat(result.at("/result/batch_processing_outcome/type").asText()).isEqualTo("no_batches");
        }

        @Test
        void moreBatchesThanWorkersGrowsTheBatchSize() {
            JsonNode result = run("csv_analyzer", Map.of("batch_size", 10, "max_workers", 3,
                    "worker_template_name", "rows"), Map.of("total_rows", 100));

            assertThat(result.at("/result/worker_count").asInt()).isEqualTo(3);
            assertThat(result.at("/result/batch_processing_outcome/worker_template_name").asText()).isEqualTo("rows");
            assertThat(result.at("/result/batch_processing_outcome/cursor_configs/0/batch_size").asLong()).isEqualTo(34);
            assertThat(result.at("/result/batch_processing_outcome/cursor_configs/2/end_cursor").asLong()).isEqualTo(100);
        }

        @Test
        void theDefaultsCapFiveThousandRowsAtTenWorkersOfFiveHundred() {
            // defaults: batch_size 100 would make 50 batches, over max_workers 10, so the size grows to 500
            JsonNode result = run("csv_analyzer", Map.of(), Map.of("total_rows", 5000));

            JsonNode outcome = result.at("/result/batch_processing_outcome");
            assertThat(result.at("/result/worker_count").asInt()).isEqualTo(10);
            assertThat(outcome.get("worker_template_name").asText()).isEqualTo("process_csv_batch");
            assertThat(outcome.get("cursor_configs")).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(outcome.at("/cursor_configs/" + i)).isEqualTo(json(Map.of("batch_id",
                        String.format("%03d", i + 1), "start_cursor", i * 500, "end_cursor", (i + 1) * 500,
                        "batch_size", 500)));
            }
            assertGatewayResult(result);
        }

        @Test
        void noCountAndAMissingFileIsCsvNotReadable() {
            JsonNode result = run("csv_analyzer", Map.of(),
                    Map.of("csv_file_path", dir.resolve("missing.csv").toString()));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("CSV_NOT_READABLE");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
            assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
        }

        @Test
        void aNegativeTotalRowsIsAValidationError() {
            JsonNode result = run("csv_analyzer", Map.of(), Map.of("total_rows", -3));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INVALID_TOTAL_ROWS");
        }

        @Test
        void moreWorkersThanTheLimitIsAnInvalidConfigNotAPlanOfThatManyBatches() {
            // one request could otherwise ask for billions of cursor configs (max_workers and total_rows alike)
            JsonNode result = run("csv_analyzer", Map.of("batch_size", 1, "max_workers", 1001),
                    Map.of("total_rows", 1001));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INVALID_CONFIG");
            assertThat(result.at("/error/message").asText()).contains("max_workers").contains("1000");
        }

        @Test
        void aZeroBatchSizeIsAnInvalidConfig() {
            JsonNode result = run("csv_analyzer", Map.of("batch_size", 0), Map.of("total_rows", 10));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INVALID_CONFIG");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
        }
    }

    @Nested
    class CsvBatchProcessor {

        @Test
        void processesItsRangeCountingTheFailingRows() {
            JsonNode result = runWorker(cursor("002", 100, 200), null, Map.of("failing_rows", List.of(99, 120, 150, 200)));

            assertThat(result.get("result")).isEqualTo(json(ordered(
                    "batch_id", "002", "start_cursor", 100, "end_cursor", 200, "batch_size", 100,
                    "items_processed", 100, "items_succeeded", 98, "items_failed", 2, "items_skipped", 0,
                    "last_cursor", 199, "errors", List.of(
                            Map.of("row", 120, "message", "row 120 is listed in failing_rows"),
                            Map.of("row", 150, "message", "row 150 is listed in failing_rows")))));
            assertThat(result.at("/metadata/custom/batch_worker").asBoolean()).isTrue();
            assertGatewayResult(result);
        }

        @Test
        void aHugeRangeIsCountedWithoutVisitingEveryRow() {
            ObjectNode inputs = TestGateway.JSON.createObjectNode();
            inputs.set("cursor", json(cursor("001", 0, 10_000_000_000L)));
            ObjectNode step = step("csv_batch_processor", Map.of(), Map.of("failing_rows", List.of(7)));
            step.putObject("workflow_step").set("inputs", inputs);
            ((ObjectNode) step.get("step_definition")).put("timeout_seconds", 5);

            JsonNode result = post(step);

            assertThat(result.get("success").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.at("/result/items_processed").asLong()).isEqualTo(10_000_000_000L);
            assertThat(result.at("/result/items_succeeded").asLong()).isEqualTo(9_999_999_999L);
            assertThat(result.at("/result/items_failed").asLong()).isEqualTo(1);
            assertThat(result.at("/result/last_cursor").asLong()).isEqualTo(9_999_999_999L);
        }

        @Test
        void withoutFailuresTheResultHasNoErrorsField() {
            JsonNode result = runWorker(cursor("001", 0, 10), null, Map.of());

            assertThat(result.at("/result/items_succeeded").asLong()).isEqualTo(10);
            assertThat(result.get("result").has("errors")).isFalse();
        }

        @Test
        void resumesFromTheCheckpointCarryingItsCountsOver() {
            Map<String, Object> checkpoint = ordered("cursor", 150, "items_processed", 50,
                    "timestamp", "2026-11-28T15:00:00Z",
                    "accumulated_results", ordered("items_succeeded", 49, "items_failed", 1,
                            "errors", List.of(Map.of("row", 120, "message", "earlier"))),
                    "history", List.of());

            JsonNode result = runWorker(cursor("002", 100, 200), checkpoint, Map.of("failing_rows", List.of(120, 160)));

            assertThat(result.at("/result/items_processed").asLong()).isEqualTo(100);
            assertThat(result.at("/result/items_succeeded").asLong()).isEqualTo(98);
            assertThat(result.at("/result/items_failed").asLong()).isEqualTo(2);
            assertThat(result.at("/result/last_cursor").asLong()).isEqualTo(199);
            assertThat(result.at("/result/errors/0/row").asLong()).isEqualTo(120);
            assertThat(result.at("/result/errors/1/row").asLong()).isEqualTo(160);
            assertThat(result.at("/result/errors")).hasSize(2);
        }

        @Test
        void aNoOpWorkerAnswersTheNoOpResultAtOnce() {
            ObjectNode inputs = TestGateway.JSON.createObjectNode();
            inputs.set("cursor", json(cursor("000", 0, 0)));
            inputs.put("is_no_op", true);

            JsonNode result = runWithInputs(inputs, null, Map.of());

            assertThat(result.get("result")).isEqualTo(json(Map.of("batch_id", "000", "no_op", true,
                    "items_processed", 0)));
            assertThat(result.get("success").asBoolean()).isTrue();
            assertGatewayResult(result);
        }

        @Test
        void aWorkerWithoutACursorIsAValidationError() {
            JsonNode result = runWithInputs(TestGateway.JSON.createObjectNode(), null, Map.of());

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INVALID_CURSOR");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
        }

        private JsonNode runWorker(Map<String, Object> cursor, Map<String, Object> checkpoint,
                                   Map<String, Object> taskContext) {
            ObjectNode inputs = TestGateway.JSON.createObjectNode();
            inputs.set("cursor", json(cursor));
            inputs.set("batch_metadata", json(Map.of("cursor_field", "row_number",
                    "failure_strategy", "continue_on_failure")));
            inputs.put("is_no_op", false);
            return runWithInputs(inputs, checkpoint, taskContext);
        }

        private JsonNode runWithInputs(JsonNode inputs, Map<String, Object> checkpoint,
                                       Map<String, Object> taskContext) {
            ObjectNode step = step("csv_batch_processor", Map.of(), taskContext);
            ObjectNode workflowStep = step.putObject("workflow_step");
            workflowStep.set("inputs", inputs);
            workflowStep.set("checkpoint", json(checkpoint));
            ((ObjectNode) step.get("step_definition")).put("type", "batch_worker");
            return post(step);
        }
    }

    static Map<String, Object> cursor(String batchId, long start, long end) {
        return ordered("batch_id", batchId, "start_cursor", start, "end_cursor", end, "batch_size", end - start);
    }

    static Map<String, Object> item(String sku, int quantity, double unitPrice) {
        return ordered("sku", sku, "quantity", quantity, "unit_price", unitPrice);
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static JsonNode run(String handler, Map<String, Object> config, Map<String, Object> taskContext) {
        return post(step(handler, config, taskContext));
    }

    static ObjectNode step(String handler, Map<String, Object> config, Map<String, Object> taskContext) {
        ObjectNode step = TestGateway.JSON.createObjectNode();
        ObjectNode definition = step.putObject("step_definition");
        ObjectNode handlerNode = definition.putObject("handler");
        handlerNode.put("callable", handler);
        handlerNode.set("initialization", json(config));
        step.putObject("task").putObject("task").set("context", json(taskContext));
        return step;
    }

    static JsonNode post(JsonNode step) {
        HttpResponse<String> response = gateway.postJson("/v1/steps", step);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestGateway.json(response);
    }

    static JsonNode json(Object value) {
        return TestGateway.JSON.valueToTree(value);
    }
}
