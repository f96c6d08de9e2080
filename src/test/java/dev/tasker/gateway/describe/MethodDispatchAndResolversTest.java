package dev.tasker.gateway.describe;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.MultiMethodStepHandler;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.CountingHandler;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code step_definition.handler.method} picks an entry point, and {@code handler.callable} is resolved
 * through the chain (registered names, a plugin jar's resolver, the class-name resolver), or by the one
 * resolver {@code handler.resolver} names; over HTTP, with a real plugin jar.
 */
class MethodDispatchAndResolversTest {

    /** call charges, refund refunds; counts every call. */
    static final class Payments extends MultiMethodStepHandler {
        final AtomicInteger calls = new AtomicInteger();

        Payments() {
            entryPoint("call", context -> answer(context, "charged"));
            entryPoint("refund", context -> answer(context, "refunded"));
        }

        @Override
        public String name() {
            return "payments";
        }

        private StepExecutionResult answer(StepContext context, String what) {
            calls.incrementAndGet();
            return StepExecutionResult.success(context.stepUuid(), Map.of("payment", what));
        }
    }

    private static final String RESOLVER = """
            package plugin.resolve;

            import dev.tasker.gateway.handler.ResolutionContext;
            import dev.tasker.gateway.handler.StepHandler;
            import dev.tasker.gateway.handler.StepHandlerResolver;
            import dev.tasker.gateway.model.HandlerDefinition;

            public class ServiceDirectory implements StepHandlerResolver {
                public String name() { return "service_directory"; }
                public int priority() { return 50; }
                public boolean canResolve(HandlerDefinition definition) {
                    return definition.callable().startsWith("svc://") || definition.callable().equals("shadowed");
                }
                public StepHandler resolve(HandlerDefinition definition, ResolutionContext context) {
                    if (definition.callable().equals("svc://echo")) {
                        return context.registered("echo").orElse(null);
                    }
                    if (definition.callable().equals("svc://nothing")) {
                        return null;
                    }
                    return new ServiceHandler(definition.callable());
                }
            }
            """;
    private static final String SERVICE_HANDLER = """
            package plugin.resolve;

            import dev.tasker.gateway.handler.StepContext;
            import dev.tasker.gateway.handler.StepHandler;
            import dev.tasker.gateway.model.StepExecutionResult;
            import java.util.Map;

            public class ServiceHandler implements StepHandler {
                private final String address;
                public ServiceHandler(String address) { this.address = address; }
                public String name() { return "service"; }
                public StepExecutionResult call(StepContext context) {
                    return StepExecutionResult.success(context.stepUuid(),
                            Map.of("served_by", "service_directory", "address", address));
                }
            }
            """;
    private static final String OUT_OF_RANGE = """
            package plugin.resolve;

            import dev.tasker.gateway.handler.ResolutionContext;
            import dev.tasker.gateway.handler.StepHandler;
            import dev.tasker.gateway.handler.StepHandlerResolver;
            import dev.tasker.gateway.model.HandlerDefinition;

            public class Pushy implements StepHandlerResolver {
                public String name() { return "pushy"; }
                public int priority() { return 5; }
                public boolean canResolve(HandlerDefinition definition) { return true; }
                public StepHandler resolve(HandlerDefinition definition, ResolutionContext context) { return null; }
            }
            """;
    private static final String BY_NAME = """
            package plugin.byname;

            import dev.tasker.gateway.handler.StepContext;
            import dev.tasker.gateway.handler.StepHandler;
            import dev.tasker.gateway.model.StepExecutionResult;
            import java.util.Map;

            public class Greeter implements StepHandler {
                public String name() { return "greeter_by_class"; }
                public StepExecutionResult call(StepContext context) {
                    return StepExecutionResult.success(context.stepUuid(), Map.of("greeting", "hello from "
                            + getClass().getName()));
                }
            }
            """;

    private static final Payments PAYMENTS = new Payments();
    private static final CountingHandler SHADOWED = new CountingHandler("shadowed");
    private static Path plugins;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        plugins = Files.createTempDirectory("plugins");
        PluginJarBuilder.create()
                .source("plugin.resolve.ServiceDirectory", RESOLVER)
                .source("plugin.resolve.ServiceHandler", SERVICE_HANDLER)
                .source("plugin.resolve.Pushy", OUT_OF_RANGE)
                .source("plugin.byname.Greeter", BY_NAME)
                .service(StepHandlerResolver.class, "plugin.resolve.ServiceDirectory")
                .service(StepHandlerResolver.class, "plugin.resolve.Pushy")
                .writeTo(plugins.resolve("resolvers.jar"));
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString(), "class_lookup_resolver", "true"),
                PAYMENTS, SHADOWED);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String step(String callable, String method, String resolver) {
        return "{\"step_definition\":{\"handler\":{\"callable\":\"" + callable + "\""
                + (method == null ? "" : ",\"method\":\"" + method + "\"")
                + (resolver == null ? "" : ",\"resolver\":\"" + resolver + "\"") + "}}}";
    }

    private static JsonNode run(String callable, String method, String resolver) {
        return assertGatewayResult(gateway.postJson("/v1/steps", step(callable, method, resolver)));
    }

    @Nested
    class Methods {

        @Test
        void aStepWithoutAMethodRunsCallAndOneNamingRefundRunsRefund() {
            assertThat(run("payments", null, null).at("/result/payment").asText()).isEqualTo("charged");
            assertThat(run("payments", "call", null).at("/result/payment").asText()).isEqualTo("charged");
            assertThat(run("payments", "refund", null).at("/result/payment").asText()).isEqualTo("refunded");
        }

        @Test
        void anUnknownMethodIsA404ProblemAndNothingRuns() {
            int before = PAYMENTS.calls.get();

            JsonNode problem = assertProblem(gateway.postJson("/v1/steps", step("payments", "void", null)), 404,
                    "HANDLER_METHOD_NOT_FOUND");
            assertProblem(gateway.postJson("/v1/steps", step("echo", "refund", null)), 404, "HANDLER_METHOD_NOT_FOUND");

            assertThat(problem.get("detail").asText()).contains("'payments'").contains("'void'").contains("call, refund");
            assertThat(PAYMENTS.calls.get()).isEqualTo(before);
        }

        @Test
        void aBatchWithAnUnknownMethodIsRefusedWholeNamingTheStep() {
            int before = PAYMENTS.calls.get();
            String batch = "{\"steps\":[" + step("payments", "refund", null) + "," + step("payments", "void", null)
                    + "]}";

            JsonNode problem = assertProblem(gateway.postJson("/v1/steps/batch", batch), 404,
                    "HANDLER_METHOD_NOT_FOUND");

            assertThat(problem.get("detail").asText()).startsWith("steps[1]: ");
            assertThat(PAYMENTS.calls.get()).isEqualTo(before);
        }

        @Test
        void theDescriptorListsTheMethods() {
            assertThat(TestGateway.json(gateway.get("/v1/handlers/payments")).get("methods").toString())
                    .isEqualTo("[\"call\",\"refund\"]");
            assertThat(TestGateway.json(gateway.get("/v1/handlers/echo")).get("methods").toString())
                    .isEqualTo("[\"call\"]");
        }
    }

    @Nested
    class PluginResolver {

        @Test
        void aCallableNoHandlerIsRegisteredUnderIsResolvedByThePluginsResolver() {
            JsonNode result = run("svc://orders/v2", null, null);

            assertThat(result.at("/result/served_by").asText()).isEqualTo("service_directory");
            assertThat(result.at("/result/address").asText()).isEqualTo("svc://orders/v2");
        }

        @Test
        void aResolverMayAnswerARegisteredHandler() {
            String step = "{\"step_definition\":{\"handler\":{\"callable\":\"svc://echo\"}},"
                    + "\"task\":{\"task\":{\"context\":{\"via\":\"resolver\"}}}}";

            JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", step));

            assertThat(result.at("/result/via").asText()).isEqualTo("resolver");
        }

        @Test
        void aResolverThatAnswersNothingLeavesTheStepA404() {
            assertProblem(gateway.postJson("/v1/steps", step("svc://nothing", null, null)), 404, "HANDLER_NOT_FOUND");
        }

        @Test
        void aResolverWithAPriorityOutsideThePluginRangeIsALoadFailure() {
            JsonNode failures = TestGateway.json(gateway.get("/v1/plugins")).get("failures");

            assertThat(failures).hasSize(1);
            assertThat(failures.get(0).get("class_name").asText()).isEqualTo("plugin.resolve.Pushy");
            assertThat(failures.get(0).get("cause").asText()).contains("priority 5").contains("20 to 99");
        }
    }

    @Nested
    class ResolverHint {

        @Test
        void registeredNamesComeFirstInTheChainButTheHintAsksItsResolverAlone() {
            int before = SHADOWED.calls();

            JsonNode chained = run("shadowed", null, null);
            JsonNode hinted = run("shadowed", null, "service_directory");

            assertThat(chained.at("/result/call").isInt()).as("the registered handler answered").isTrue();
            assertThat(hinted.at("/result/served_by").asText()).isEqualTo("service_directory");
            assertThat(SHADOWED.calls()).isEqualTo(before + 1);
        }

        @Test
        void explicitMappingAloneDoesNotAskThePluginsResolver() {
            assertThat(run("echo", null, "explicit_mapping").get("success").asBoolean()).isTrue();
            JsonNode problem = assertProblem(gateway.postJson("/v1/steps", step("svc://orders", null,
                    "explicit_mapping")), 404, "HANDLER_NOT_FOUND");

            assertThat(problem.get("detail").asText()).contains("explicit_mapping");
        }

        @Test
        void aResolverThatCannotResolveTheCallableIsA404() {
            assertProblem(gateway.postJson("/v1/steps", step("echo", null, "service_directory")), 404,
                    "HANDLER_NOT_FOUND");
        }

        @Test
        void anUnknownResolverIsA404ListingTheResolvers() {
            JsonNode problem = assertProblem(gateway.postJson("/v1/steps", step("echo", null, "nope")), 404,
                    "RESOLVER_NOT_FOUND");

            assertThat(problem.get("detail").asText())
                    .contains("explicit_mapping, service_directory, class_lookup");
        }
    }

    @Nested
    class ClassNameResolver {

        @Test
        void aCallableNamingAPluginsHandlerClassRunsIt() {
            JsonNode chained = run("plugin.byname.Greeter", null, null);
            JsonNode hinted = run("plugin.byname.Greeter", null, "class_lookup");

            assertThat(chained.at("/result/greeting").asText()).isEqualTo("hello from plugin.byname.Greeter");
            assertThat(hinted.at("/result/greeting").asText()).isEqualTo("hello from plugin.byname.Greeter");
        }

        @Test
        void aClassOfTheGatewayItselfIsNeverInstantiatedByName() {
            assertProblem(gateway.postJson("/v1/steps", step("dev.tasker.gateway.examples.EchoHandler", null, null)),
                    404, "HANDLER_NOT_FOUND");
            assertProblem(gateway.postJson("/v1/steps", step("plugin.resolve.ServiceDirectory", null, null)),
                    404, "HANDLER_NOT_FOUND");
        }

        @Test
        void itIsOffUnlessEnabled() {
            try (TestGateway off = TestGateway.start(Map.of("plugins_dir", plugins.toString()))) {
                assertProblem(off.postJson("/v1/steps", step("plugin.byname.Greeter", null, null)), 404,
                        "HANDLER_NOT_FOUND");
                assertProblem(off.postJson("/v1/steps", step("plugin.byname.Greeter", null, "class_lookup")), 404,
                        "RESOLVER_NOT_FOUND");
                assertThat(TestGateway.json(off.postJson("/v1/steps", step("svc://x", null, null)))
                        .at("/result/served_by").asText()).isEqualTo("service_directory");
            }
        }
    }
}
