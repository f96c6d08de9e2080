package dev.tasker.gateway.docs;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.docs.samples.PaymentHandler;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 10 of {@code docs/handlers.md} as a real gateway runs it: the sample resolver is built into a
 * plugin jar from its source file, the guide's JSON samples are posted, the answers are the guide's.
 */
class MethodsAndResolversGuideTest {

    private static final GuideJsonSamples GUIDE = GuideJsonSamples.of(Path.of("docs", "handlers.md"));
    private static final Path SAMPLES = Path.of("src", "test", "java", "dev", "tasker", "gateway", "docs", "samples");
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path plugins = Files.createTempDirectory("plugins");
        // the sample's own class is on the test class path (the gateway's loader): the jar gets it in a package
        // of its own, or the jar's class loader would defer to that one
        String source = Files.readString(SAMPLES.resolve("ServiceDirectoryResolver.java"))
                .replace("package dev.tasker.gateway.docs.samples;", "package plugin.docs;");
        PluginJarBuilder.create()
                .source("plugin.docs.ServiceDirectoryResolver", source)
                .service(StepHandlerResolver.class, "plugin.docs.ServiceDirectoryResolver")
                .writeTo(plugins.resolve("service-directory.jar"));
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()), new PaymentHandler());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theRefundStepRunsRefund() {
        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", GUIDE.json("refund-step")));

        assertThat(result.get("result")).isEqualTo(TestGateway.JSON.valueToTree(Map.of("refunded", "ORD-7")));
    }

    @Test
    void withoutAMethodItCharges() {
        ObjectNode step = (ObjectNode) GUIDE.json("refund-step");
        ((ObjectNode) step.at("/step_definition/handler")).remove("method");

        JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps", step));

        assertThat(result.at("/result/charged").asText()).isEqualTo("ORD-7");
    }

    @Test
    void anUndeclaredMethodIsTheDocumentedProblem() {
        ObjectNode step = (ObjectNode) GUIDE.json("refund-step");
        ((ObjectNode) step.at("/step_definition/handler")).put("method", "void");
        JsonNode documented = GUIDE.json("void-problem");

        JsonNode problem = assertProblem(gateway.postJson("/v1/steps", step), documented.get("status").asInt(),
                documented.get("error_code").asText());

        assertThat(problem.get("detail")).isEqualTo(documented.get("detail"));
    }

    @Test
    void theSampleResolverJarLoadedWithoutFailures() {
        assertThat(TestGateway.json(gateway.get("/v1/plugins")).get("failures")).isEmpty();
    }

    @Test
    void theSampleResolverFromAPluginJarResolvesAServiceAddress() {
        ObjectNode step = (ObjectNode) GUIDE.json("refund-step");
        ((ObjectNode) step.at("/step_definition/handler")).put("callable", "service://payment");

        JsonNode chained = assertGatewayResult(gateway.postJson("/v1/steps", step));
        ((ObjectNode) step.at("/step_definition/handler")).put("resolver", "service_directory");
        JsonNode hinted = assertGatewayResult(gateway.postJson("/v1/steps", step));

        assertThat(chained.at("/result/refunded").asText()).isEqualTo("ORD-7");
        assertThat(hinted.at("/result/refunded").asText()).isEqualTo("ORD-7");
    }
}
