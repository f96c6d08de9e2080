package dev.tasker.gateway.docs;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.docs.samples.CustomerLookupHandler;
import dev.tasker.gateway.docs.samples.GreetingHandler;
import dev.tasker.gateway.docs.samples.OrderExportAnalyzer;
import dev.tasker.gateway.docs.samples.OrderExportWorker;
import dev.tasker.gateway.docs.samples.ReserveStockHandler;
import dev.tasker.gateway.docs.samples.ShippingRouteHandler;
import dev.tasker.gateway.testing.LocalHttpServer;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The guide's samples do what the guide says, run by a real gateway. */
class HandlerGuideSamplesTest {

    private static TestGateway gateway;
    private static LocalHttpServer crm;

    @BeforeAll
    static void start() {
        crm = LocalHttpServer.start()
                .route("/customers/C-1", exchange -> LocalHttpServer.respond(exchange, 200, "application/json",
                        "{\"id\":\"C-1\",\"name\":\"Ada\"}"))
                .route("/customers/C-404", exchange -> LocalHttpServer.respond(exchange, 404, "application/json",
                        "{\"error\":\"no such customer\"}"))
                .route("/customers/C-503", exchange -> {
                    exchange.getResponseHeaders().set("Retry-After", "20");
                    LocalHttpServer.respond(exchange, 503, "application/json", "{\"message\":\"maintenance\"}");
                });
        gateway = TestGateway.start(new GreetingHandler(), new ReserveStockHandler(), new CustomerLookupHandler(),
                new ShippingRouteHandler(), new OrderExportAnalyzer(), new OrderExportWorker());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        crm.close();
    }

    @Test
    void greetingReadsInputConfigAndDependency() {
        ObjectNode step = step("greeting", Map.of("greeting", "Welcome"), Map.of("customer_name", "Ada"));
        step.set("dependency_results", json(Map.of("create_order", Map.of("success", true,
                "result", Map.of("order_id", "ORD-9"), "status", "completed",
                "metadata", Map.of("completed_at", "2026-11-28T15:00:00.000000Z")))));

        JsonNode result = post(step);

        assertThat(result.get("result")).isEqualTo(json(Map.of("message", "Welcome, Ada!", "order_id", "ORD-9",
                "attempt", 1)));
    }

    @Nested
    class Failures {

        @Test
        void aMissingSkuIsAThrownValidationError() {
            JsonNode result = post(step("reserve_stock", Map.of(), Map.of()));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("SKU_REQUIRED");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
            assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
        }

        @Test
        void aBusyWarehouseIsRetriedAfterThirtySeconds() {
            JsonNode result = post(step("reserve_stock", Map.of(), Map.of("sku", "A", "warehouse_busy", true)));

            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/orchestration_metadata/headers/Retry-After").asText()).isEqualTo("30");
            assertThat(result.at("/orchestration_metadata/backoff_hint/backoff_type").asText())
                    .isEqualTo("ServerRequested");
            assertGatewayResult(result);
        }

        @Test
        void outOfStockIsAReturnedPermanentFailureWithContext() {
            JsonNode result = post(step("reserve_stock", Map.of(), Map.of("sku", "A", "available", 0)));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("OUT_OF_STOCK");
            assertThat(result.at("/metadata/error_type").asText()).isEqualTo("permanent_error");
            assertThat(result.at("/metadata/context/sku").asText()).isEqualTo("A");
            assertThat(result.at("/metadata/custom/warehouse").asText()).isEqualTo("PDX-2");
        }
    }

    @Nested
    class CustomerLookup {

        @Test
        void aFoundCustomerIsReturned() {
            JsonNode result = lookup("C-1");

            assertThat(result.get("result")).isEqualTo(json(Map.of("customer_id", "C-1", "exists", true,
                    "customer", Map.of("id", "C-1", "name", "Ada"))));
        }

        @Test
        void aMissingCustomerIsASuccessNotAFailure() {
            assertThat(lookup("C-404").at("/result/exists").asBoolean()).isFalse();
        }

        @Test
        void maintenanceIsARetryableFailureWithRetryAfter() {
            JsonNode result = lookup("C-503");

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("HTTP_503");
            assertThat(result.at("/error/message").asText()).isEqualTo("HTTP 503: maintenance");
            assertThat(result.at("/metadata/retryable").asBoolean()).isTrue();
            assertThat(result.at("/orchestration_metadata/headers/Retry-After").asText()).isEqualTo("20");
            assertThat(result.at("/orchestration_metadata/backoff_hint/backoff_type").asText())
                    .isEqualTo("ServiceUnavailable");
        }

        private JsonNode lookup(String customerId) {
            return post(step("customer_lookup", Map.of("base_url", crm.url("")), Map.of("customer_id", customerId)));
        }
    }

    @Nested
    class ShippingRoute {

        @Test
        void routesByCountry() {
            assertThat(post(step("shipping_route", Map.of(), Map.of("country", "US"))).at("/result/steps_created"))
                    .isEqualTo(json(List.of("ship_domestic")));
            assertThat(post(step("shipping_route", Map.of(), Map.of("country", "FR"))).at("/result/steps_created"))
                    .isEqualTo(json(List.of("customs_declaration", "ship_international")));
        }

        @Test
        void digitalOnlySkipsAndNoCountryFails() {
            assertThat(post(step("shipping_route", Map.of(), Map.of("country", "US", "digital_only", true)))
                    .at("/result/skip_reason").asText()).isEqualTo("nothing_to_ship");
            assertThat(post(step("shipping_route", Map.of(), Map.of())).at("/metadata/error_code").asText())
                    .isEqualTo("DECISION_ERROR");
        }
    }

    @Nested
    class OrderExport {

        @Test
        void tenThousandOrdersBecomeEightBatchesOfTwelveHundredFifty() {
            JsonNode result = post(step("order_export_analyzer", Map.of(), Map.of("order_count", 10_000)));

            assertThat(result.at("/result/worker_count").asInt()).isEqualTo(8);
            assertThat(result.at("/result/batch_processing_outcome/cursor_configs/7")).isEqualTo(json(Map.of(
                    "batch_id", "008", "start_cursor", 8750, "end_cursor", 10_000, "batch_size", 1250)));
        }

        @Test
        void noOrdersNoBatches() {
            assertThat(post(step("order_export_analyzer", Map.of(), Map.of())).at("/result/reason").asText())
                    .isEqualTo("no_orders");
        }

        @Test
        void aLongBatchYieldsACheckpointThenFinishesFromIt() {
            Map<String, Object> cursor = Map.of("batch_id", "001", "start_cursor", 0, "end_cursor", 1250,
                    "batch_size", 1250);

            JsonNode first = worker(cursor, null);
            assertThat(first.get("result")).isEqualTo(json(Map.of("type", "checkpoint_yield", "cursor", 1000,
                    "items_processed", 1000, "accumulated_results", json(null))));
            assertThat(first.at("/metadata/custom/checkpoint_yield").asBoolean()).isTrue();

            JsonNode second = worker(cursor, Map.of("cursor", 1000, "items_processed", 1000));
            assertThat(second.at("/result/items_processed").asLong()).isEqualTo(1250);
            assertThat(second.at("/result/last_cursor").asLong()).isEqualTo(1249);
            assertThat(second.at("/metadata/custom/batch_worker").asBoolean()).isTrue();
            assertGatewayResult(second);
        }

        private JsonNode worker(Map<String, Object> cursor, Map<String, Object> checkpoint) {
            ObjectNode step = step("export_orders_batch", Map.of(), Map.of());
            ObjectNode workflowStep = step.putObject("workflow_step");
            workflowStep.set("inputs", json(Map.of("cursor", cursor, "is_no_op", false)));
            workflowStep.set("checkpoint", json(checkpoint));
            return post(step);
        }
    }

    private static ObjectNode step(String handler, Map<String, Object> config, Map<String, Object> taskContext) {
        ObjectNode step = TestGateway.JSON.createObjectNode();
        ObjectNode handlerNode = step.putObject("step_definition").putObject("handler");
        handlerNode.put("callable", handler);
        handlerNode.set("initialization", json(config));
        step.putObject("task").putObject("task").set("context", json(taskContext));
        return step;
    }

    private static JsonNode post(JsonNode step) {
        HttpResponse<String> response = gateway.postJson("/v1/steps", step);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestGateway.json(response);
    }

    private static JsonNode json(Object value) {
        return TestGateway.JSON.valueToTree(value);
    }
}
