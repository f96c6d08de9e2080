package dev.tasker.gateway.describe;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.examples.BuiltinHandlers;
import dev.tasker.gateway.examples.ValidateCartHandler;
import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.InvalidHandlerDeclarationException;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.PrometheusText;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Handlers that declare their inputs' JSON Schemas and their error catalog, over HTTP: the declarations are
 * shown, a step that does not match is answered {@code INPUT_INVALID} without running the handler, and an
 * error code missing from the catalog is counted.
 */
class SelfDescribingHandlersTest {

    /** Declares validate_cart's own schema and counts the calls that reach it. */
    static final class CountingCart implements StepHandler {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "counting_cart";
        }

        @Override
        public InputSchema inputSchema() {
            return new ValidateCartHandler().inputSchema();
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            calls.incrementAndGet();
            return StepExecutionResult.success(context.stepUuid(), Map.of("ran", true));
        }
    }

    /** Declares KNOWN and PRICE_GONE; answers whatever code the task context names, returned or thrown. */
    static final class Cataloged implements StepHandler {
        @Override
        public String name() {
            return "cataloged";
        }

        @Override
        public List<DeclaredError> errors() {
            return List.of(DeclaredError.permanent("KNOWN", "a code it declares"),
                    DeclaredError.retryable("PRICE_GONE", "thrown, declared"));
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            String code = (String) context.getInput("code");
            if (Boolean.TRUE.equals(context.getInput("throw"))) {
                throw new PermanentStepException("thrown " + code, code);
            }
            return StepExecutionResult.failure(context.stepUuid(), "failed with " + code, code, "permanent_error",
                    false, 0, Map.of());
        }
    }

    private static final CountingCart COUNTING = new CountingCart();
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(COUNTING, new Cataloged());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String cartStep(String handler, String context) {
        return "{\"step_definition\":{\"handler\":{\"callable\":\"" + handler + "\"}},\"task\":{\"task\":{\"context\":"
                + context + "}}}";
    }

    @Nested
    class InputValidation {

        @Test
        void aStepFailingValidateCartsContextSchemaIsInputInvalidAndItsHandlerDoesNotRun() {
            String context = "{\"cart_items\":[{\"sku\":\"A\",\"quantity\":1.5,\"unit_price\":1},{\"sku\":\"B\"}]}";
            int before = COUNTING.calls.get();

            JsonNode builtin = assertGatewayResult(gateway.postJson("/v1/steps", cartStep("validate_cart", context)));
            JsonNode counted = assertGatewayResult(gateway.postJson("/v1/steps", cartStep("counting_cart", context)));

            for (JsonNode result : List.of(builtin, counted)) {
                assertThat(result.get("success").asBoolean()).isFalse();
                assertThat(result.get("status").asText()).isEqualTo("failed");
                assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INPUT_INVALID");
                assertThat(result.at("/metadata/error_type").asText()).isEqualTo("validation_error");
                assertThat(result.at("/metadata/retryable").asBoolean()).isFalse();
                assertThat(result.at("/error/retryable").asBoolean()).isFalse();
                JsonNode errors = result.at("/error/context/errors");
                assertThat(errors).as(result.toString()).hasSize(3);
                assertThat(errors.findValuesAsText("path")).containsExactlyInAnyOrder("/cart_items/0/quantity",
                        "/cart_items/1", "/cart_items/1");
                assertThat(errors.findValuesAsText("input")).containsOnly("context");
                assertThat(errors.findValuesAsText("message")).anyMatch(m -> m.contains("quantity")
                        || m.contains("integer")).anyMatch(m -> m.contains("unit_price"));
                assertThat(result.at("/metadata/context/errors")).isEqualTo(errors);
                assertThat(result.at("/error/message").asText()).contains("input schema").contains("/cart_items");
            }
            assertThat(counted.at("/error/context/handler").asText()).isEqualTo("counting_cart");
            assertThat(COUNTING.calls.get()).as("calls of the counting handler").isEqualTo(before);
        }

        @Test
        void aValidStepRunsTheHandler() {
            int before = COUNTING.calls.get();
            String context = "{\"cart_items\":[{\"sku\":\"A\",\"quantity\":2,\"unit_price\":9.5}]}";

            JsonNode counted = assertGatewayResult(gateway.postJson("/v1/steps", cartStep("counting_cart", context)));
            JsonNode builtin = assertGatewayResult(gateway.postJson("/v1/steps", cartStep("validate_cart", context)));

            assertThat(counted.get("success").asBoolean()).isTrue();
            assertThat(COUNTING.calls.get()).isEqualTo(before + 1);
            assertThat(builtin.at("/result/subtotal").asDouble()).isEqualTo(19.0);
        }

        @Test
        void theHandlersOwnRulesStillAnswerWithTheirCodes() {
            JsonNode empty = assertGatewayResult(gateway.postJson("/v1/steps", cartStep("validate_cart",
                    "{\"cart_items\":[]}")));

            assertThat(empty.at("/metadata/error_code").asText()).isEqualTo("EMPTY_CART");
        }

        @Test
        void theConfigIsCheckedAgainstItsOwnSchema() {
            String step = "{\"step_definition\":{\"handler\":{\"callable\":\"validate_cart\",\"initialization\":"
                    + "{\"max_items_per_order\":\"ten\"}}},\"task\":{\"task\":{\"context\":{\"cart_items\":[]}}}}";

            JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", step));

            assertThat(result.at("/metadata/error_code").asText()).isEqualTo("INPUT_INVALID");
            assertThat(result.at("/error/context/errors/0/input").asText()).isEqualTo("config");
            assertThat(result.at("/error/context/errors/0/path").asText()).isEqualTo("/max_items_per_order");
        }

        @Test
        void anInvalidInputIsStoredAndReplayedLikeAnyResult() {
            String step = "{\"workflow_step\":{\"workflow_step_uuid\":\"01a2e1c0-0000-7000-8000-00000000c0de\","
                    + "\"attempts\":0},\"step_definition\":{\"handler\":{\"callable\":\"counting_cart\"}},"
                    + "\"task\":{\"task\":{\"context\":{\"cart_items\":\"none\"}}}}";

            HttpResponse<String> first = gateway.postJson("/v1/steps", step);
            HttpResponse<String> again = gateway.postJson("/v1/steps", step);

            assertThat(TestGateway.json(first).at("/metadata/error_code").asText()).isEqualTo("INPUT_INVALID");
            assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(TestGateway.json(again)).isEqualTo(TestGateway.json(first));
        }
    }

    @Nested
    class Descriptors {

        @Test
        void oneHandlerShowsItsInputSchemaAndErrorCatalog() {
            JsonNode cart = TestGateway.json(gateway.get("/v1/handlers/validate_cart"));

            assertThat(cart.at("/input_schema/context/properties/cart_items/type").toString())
                    .isEqualTo("[\"array\",\"null\"]");
            assertThat(cart.at("/input_schema/config/properties/max_items_per_order/type").asText())
                    .isEqualTo("integer");
            assertThat(cart.at("/input_schema/inputs").isNull()).isTrue();
            assertThat(cart.get("errors").findValuesAsText("error_code")).containsExactly("EMPTY_CART",
                    "INVALID_CART", "INVALID_ITEM", "TOO_MANY_ITEMS", "INVALID_CONFIG");
            JsonNode empty = cart.get("errors").get(0);
            assertThat(empty.get("error_type").asText()).isEqualTo("validation_error");
            assertThat(empty.get("retryable").asBoolean()).isFalse();
            assertThat(empty.get("description").asText()).isNotBlank();
        }

        @Test
        void theListSaysWhichHandlersDeclareThem() {
            JsonNode handlers = TestGateway.json(gateway.get("/v1/handlers")).get("handlers");

            for (StepHandler builtin : BuiltinHandlers.all()) {
                JsonNode entry = entry(handlers, builtin.name());
                assertThat(entry.get("declares_input_schema").asBoolean()).as(builtin.name()).isTrue();
                assertThat(entry.get("declares_errors").asBoolean()).as(builtin.name()).isTrue();
                assertThat(entry.has("input_schema")).as("the list leaves the schema bodies out").isFalse();
            }
            assertThat(entry(handlers, "cataloged").get("declares_input_schema").asBoolean()).isFalse();
            assertThat(entry(handlers, "cataloged").get("declares_errors").asBoolean()).isTrue();
            assertThat(entry(handlers, "counting_cart").get("declares_errors").asBoolean()).isFalse();
        }

        @Test
        void aHandlerDeclaringNothingShowsNullAndEmpty() {
            JsonNode counted = TestGateway.json(gateway.get("/v1/handlers/cataloged"));

            assertThat(counted.get("input_schema").isNull()).isTrue();
            assertThat(counted.get("errors")).hasSize(2);
        }

        private JsonNode entry(JsonNode handlers, String name) {
            for (JsonNode handler : handlers) {
                if (handler.get("name").asText().equals(name)) {
                    return handler;
                }
            }
            throw new AssertionError("no handler " + name + " in " + handlers);
        }
    }

    @Nested
    class UndeclaredErrorCodes {

        @Test
        void aCodeMissingFromTheCatalogIsCountedEveryTimeAndLoggedOnce() {
            double before = undeclared("cataloged");
            try (LogCapture logs = LogCapture.start()) {
                for (int i = 0; i < 3; i++) {
                    JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps",
                            cartStep("cataloged", "{\"code\":\"SURPRISE\"}")));
                    assertThat(result.at("/metadata/error_code").asText()).as("answered as it is").isEqualTo("SURPRISE");
                }
                assertGatewayResult(gateway.postJson("/v1/steps",
                        cartStep("cataloged", "{\"code\":\"THROWN_SURPRISE\",\"throw\":true}")));

                assertThat(undeclared("cataloged")).isEqualTo(before + 4);
                assertThat(logs.lines().stream().filter(line -> line.contains("'SURPRISE'"))).hasSize(1);
                assertThat(logs.lines().stream().filter(line -> line.contains("'THROWN_SURPRISE'"))).hasSize(1);
            }
        }

        @Test
        void declaredCodesAndGatewayCodesAreNotCounted() {
            double before = undeclared("cataloged");

            assertGatewayResult(gateway.postJson("/v1/steps", cartStep("cataloged", "{\"code\":\"KNOWN\"}")));
            assertGatewayResult(gateway.postJson("/v1/steps",
                    cartStep("cataloged", "{\"code\":\"PRICE_GONE\",\"throw\":true}")));
            assertGatewayResult(gateway.postJson("/v1/steps", cartStep("validate_cart", "{\"cart_items\":7}")));

            assertThat(undeclared("cataloged")).isEqualTo(before);
            assertThat(undeclared("validate_cart")).isZero();
        }

        private double undeclared(String handler) {
            return PrometheusText.parse(gateway.get("/metrics").body())
                    .value("gateway_undeclared_error_codes_total", Map.of("handler", handler));
        }
    }

    @Nested
    class InvalidDeclarations {

        @Test
        void aSchemaThatIsNotAJsonSchemaIsRefusedAtRegistrationNamingHandlerAndPart() {
            StepHandler broken = handler("broken", InputSchema.none().withConfig("{\"type\":\"objekt\"}"), List.of());

            assertThatThrownBy(() -> new HandlerRegistry().register(broken))
                    .isInstanceOf(InvalidHandlerDeclarationException.class)
                    .hasMessageContaining("handler 'broken'").hasMessageContaining("input_schema.config")
                    .hasMessageContaining("/type");
        }

        @Test
        void aReferenceThatDoesNotResolveIsRefusedAtRegistration() {
            StepHandler dangling = handler("dangling",
                    InputSchema.none().withContext("{\"$ref\":\"#/$defs/missing\"}"), List.of());
            StepHandler remote = handler("remote",
                    InputSchema.none().withInputs("{\"$ref\":\"https://schemas.example.com/cart.json\"}"), List.of());

            assertThatThrownBy(() -> new HandlerRegistry().register(dangling))
                    .isInstanceOf(InvalidHandlerDeclarationException.class).hasMessageContaining("input_schema.context");
            assertThatThrownBy(() -> new HandlerRegistry().register(remote))
                    .isInstanceOf(InvalidHandlerDeclarationException.class).hasMessageContaining("input_schema.inputs");
        }

        @Test
        void aCodeDeclaredTwiceIsRefused() {
            StepHandler twice = handler("twice", InputSchema.none(), List.of(DeclaredError.permanent("A", null),
                    DeclaredError.retryable("A", null)));

            assertThatThrownBy(() -> new HandlerRegistry().register(twice))
                    .isInstanceOf(InvalidHandlerDeclarationException.class).hasMessageContaining("'A' twice");
        }

        @Test
        void aPluginWithAnInvalidSchemaIsALoadFailureAndTheOthersLoad() throws Exception {
            Path plugins = Files.createTempDirectory("plugins");
            PluginJarBuilder.create()
                    .source("plugin.schema.Broken", """
                            package plugin.schema;

                            import dev.tasker.gateway.handler.InputSchema;
                            import dev.tasker.gateway.handler.StepContext;
                            import dev.tasker.gateway.handler.StepHandler;
                            import dev.tasker.gateway.model.StepExecutionResult;

                            public class Broken implements StepHandler {
                                public String name() { return "broken_schema"; }
                                public InputSchema inputSchema() {
                                    return InputSchema.none().withContext("{\\"required\\": \\"sku\\"}");
                                }
                                public StepExecutionResult call(StepContext context) { return null; }
                            }
                            """)
                    .service(StepHandler.class, "plugin.schema.Broken")
                    .writeTo(plugins.resolve("broken-schema.jar"));
            try (TestGateway withPlugin = TestGateway.start(Map.of("plugins_dir", plugins.toString()))) {
                JsonNode failure = TestGateway.json(withPlugin.get("/v1/plugins")).get("failures").get(0);

                assertThat(failure.get("jar").asText()).isEqualTo("broken-schema.jar");
                assertThat(failure.get("class_name").asText()).isEqualTo("plugin.schema.Broken");
                assertThat(failure.get("cause").asText()).contains("handler 'broken_schema'")
                        .contains("input_schema.context").contains("/required");
                assertThat(withPlugin.get("/v1/handlers/broken_schema").statusCode()).isEqualTo(404);
                assertThat(withPlugin.get("/v1/handlers/validate_cart").statusCode()).isEqualTo(200);
            }
        }

        private StepHandler handler(String name, InputSchema schema, List<DeclaredError> errors) {
            return new StepHandler() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public InputSchema inputSchema() {
                    return schema;
                }

                @Override
                public List<DeclaredError> errors() {
                    return errors;
                }

                @Override
                public StepExecutionResult call(StepContext context) {
                    return StepExecutionResult.success(context.stepUuid(), null);
                }
            };
        }
    }
}
