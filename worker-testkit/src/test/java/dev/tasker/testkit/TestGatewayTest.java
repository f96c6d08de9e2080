package dev.tasker.testkit;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.handler.PermanentStepException;
import dev.tasker.gateway.model.StepExecutionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process gateway is the real server: handlers and plugin jars answer steps over HTTP. */
class TestGatewayTest {

    @Test
    void givenHandlersAnswerStepsOverHttpBesideTheBuiltInExamples() {
        try (TestGateway gateway = TestGateway.withHandlers(TestHandlers.named("greeting",
                c -> StepExecutionResult.success(c.stepUuid(), Map.of("greeting", "Hello, " + c.getInput("name")))))
                .start()) {
            assertThat(gateway.baseUri().toString()).startsWith("http://127.0.0.1:").endsWith("/");
            assertThat(gateway.port()).isPositive();

            StepExecutionResult result = gateway.execute(Steps.forHandler("greeting").context("name", "Ada"));

            assertThatResult(result).isSuccess().hasResultAt("/greeting", "Hello, Ada").hasHandlerVersion("2.1.0")
                    .conformsToContract();
            assertThat(gateway.get("/v1/handlers/greeting").statusCode()).isEqualTo(200);
            assertThatResult(gateway.execute(Steps.forHandler("echo").context("x", 1))).isSuccess();
        }
    }

    @Test
    void aFailingHandlerIsStillA200Result() {
        try (TestGateway gateway = TestGateway.withHandlers(TestHandlers.named("strict", c -> {
            throw new PermanentStepException("no", "NOPE");
        })).start()) {
            assertThatResult(gateway.execute(Steps.forHandler("strict"))).isPermanentFailure().hasErrorCode("NOPE");
        }
    }

    @Test
    void aStepTheGatewayRefusesFailsExecuteWithTheProblem() {
        try (TestGateway gateway = TestGateway.withHandlers().start()) {
            assertThatThrownBy(() -> gateway.execute(Steps.forHandler("no_such_handler")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("404")
                    .hasMessageContaining("HANDLER_NOT_FOUND");
        }
    }

    @Test
    void aPluginJarIsLoadedFromThePluginsFolderAndAnswers(@TempDir Path dir) throws IOException {
        Path jar = CompiledPluginJar.write(dir.resolve("shout-plugin.jar"), "example.shout.ShoutHandler", """
                package example.shout;

                import dev.tasker.gateway.handler.StepContext;
                import dev.tasker.gateway.handler.StepHandler;
                import dev.tasker.gateway.model.StepExecutionResult;
                import java.util.Map;

                public final class ShoutHandler implements StepHandler {
                    public String name() { return "shout"; }
                    public String version() { return "0.3.0"; }
                    public StepExecutionResult call(StepContext context) {
                        String text = context.getInput("text", String.class);
                        return StepExecutionResult.success(context.stepUuid(), Map.of("text", text.toUpperCase()));
                    }
                }
                """);

        try (TestGateway gateway = TestGateway.withPluginJars(jar).start()) {
            HttpResponse<String> handler = gateway.get("/v1/handlers/shout");

            assertThat(handler.body()).contains("\"jar\":\"shout-plugin.jar\"");
            assertThatResult(gateway.execute(Steps.forHandler("shout").context("text", "hi")))
                    .isSuccess().hasResultAt("/text", "HI").hasHandlerVersion("0.3.0");
        }
    }

    @Test
    void aJarThatDoesNotLoadStopsTheStartNamingIt(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip");

        assertThatThrownBy(() -> TestGateway.withPluginJars(broken).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken.jar");
    }

    @Test
    void afterCloseThePortNoLongerAnswers() {
        TestGateway gateway = TestGateway.withHandlers().start();
        gateway.close();

        assertThatThrownBy(() -> gateway.get("/health/live")).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }
}
