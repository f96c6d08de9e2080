package dev.tasker.gateway.examples;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;

import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.testing.LocalHttpServer;
import dev.tasker.testkit.HandlerRunner;
import dev.tasker.testkit.Steps;
import dev.tasker.testkit.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The built-in examples tested as a plugin author tests a handler: with the test kit ({@code worker-testkit}),
 * which runs them through the gateway's own executor and asserts on the results in the contract's words.
 */
class BuiltinExamplesWithTestKitTest {

    private static Map<String, Object> item(String sku, int quantity, double price) {
        return Map.of("sku", sku, "quantity", quantity, "unit_price", price);
    }

    @Nested
    class ValidateCart {

        private final HandlerRunner runner = HandlerRunner.of(new ValidateCartHandler());

        @Test
        void aValidCartIsTotalledToTheCent() {
            assertThatResult(runner.run(Steps.forHandler("validate_cart")
                    .context("cart_items", List.of(item("A", 3, 0.1), item("B", 1, 19.999)))
                    .context("currency", "EUR")))
                    .isSuccess().hasResultAt("/total_quantity", 4).hasResultAt("/subtotal", 20.30)
                    .hasResultAt("/currency", "EUR").conformsToContract();
        }

        @Test
        void anEmptyCartIsAPermanentValidationFailure() {
            assertThatResult(runner.run(Steps.forHandler("validate_cart").context("cart_items", List.of())))
                    .isPermanentFailure().hasErrorCode("EMPTY_CART").hasErrorType(ErrorTypes.VALIDATION_ERROR);
        }

        @Test
        void anItemWithoutAPriceFailsTheDeclaredSchemaBeforeTheHandlerRuns() {
            assertThatResult(runner.run(Steps.forHandler("validate_cart")
                    .context("cart_items", List.of(Map.of("sku", "A", "quantity", 1)))))
                    .isPermanentFailure().hasErrorCode("INPUT_INVALID").hasErrorType(ErrorTypes.VALIDATION_ERROR)
                    .hasContextEntry("handler", "validate_cart");
        }

        @Test
        void theItemLimitComesFromTheHandlerConfig() {
            assertThatResult(runner.run(Steps.forHandler("validate_cart")
                    .context("cart_items", List.of(item("A", 4, 1)))
                    .config("max_items_per_order", 3)))
                    .isPermanentFailure().hasErrorCode("TOO_MANY_ITEMS").hasContextEntry("max_items_per_order", 3);
        }
    }

    @Nested
    class RoutingDecision {

        @Test
        void aLargeAmountCreatesBothApprovalSteps() {
            assertThatResult(HandlerRunner.run(new RoutingDecisionHandler(),
                    Steps.forHandler("routing_decision").context("amount", 5000)))
                    .isSuccess()
                    .hasResultAt("/decision_point_outcome", Map.of("type", "create_steps",
                            "step_names", List.of("manager_approval", "finance_review")));
        }
    }

    @Nested
    class HttpRequest {

        @Test
        void aDownstream503WithRetryAfterIsRetryableWithThatBackoff() {
            try (LocalHttpServer downstream = LocalHttpServer.start().route("/busy", exchange -> {
                exchange.getResponseHeaders().set("Retry-After", "7");
                LocalHttpServer.respond(exchange, 503, "application/json", "{\"error\":\"busy\"}");
            })) {
                assertThatResult(HandlerRunner.run(new HttpRequestHandler(), Steps.forHandler("http_request")
                        .config("url", downstream.url("/busy"))))
                        .isRetryable().hasErrorCode("HTTP_503").hasStatusCode(503)
                        .hasBackoff(BackoffHintType.SERVICE_UNAVAILABLE, 7);
            }
        }
    }

    @Test
    void theExamplesAnswerTheSameThroughAnInProcessGatewayOverHttp() {
        try (TestGateway gateway = TestGateway.withHandlers().start()) {
            assertThatResult(gateway.execute(Steps.forHandler("validate_cart").context("cart_items",
                    List.of(item("A", 2, 2.5))))).isSuccess().hasResultAt("/subtotal", 5);
            assertThatResult(gateway.execute(Steps.forHandler("validate_cart"))).isPermanentFailure()
                    .hasErrorCode("EMPTY_CART");
        }
    }
}
