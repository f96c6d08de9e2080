package ${package};

import static dev.tasker.testkit.StepResultAssert.assertThatResult;

import dev.tasker.testkit.HandlerRunner;
import dev.tasker.testkit.Steps;
import dev.tasker.testkit.TestGateway;
import org.junit.jupiter.api.Test;

/** Runs the handler exactly as the gateway finishes it (worker-testkit), then once over HTTP in a real gateway. */
class ${handlerClass}Test {

    private final HandlerRunner runner = HandlerRunner.of(new ${handlerClass}());

    @Test
    void greetsTheNameOfTheTaskInput() {
        assertThatResult(runner.run(Steps.forHandler("${handlerName}").context("name", "Ada")))
                .isSuccess()
                .hasResultAt("/message", "Hello, Ada!")
                .hasHandlerVersion("${version}");
    }

    @Test
    void theGreetingComesFromTheHandlerConfig() {
        assertThatResult(runner.run(Steps.forHandler("${handlerName}").context("name", "Ada").config("greeting", "Hi")))
                .isSuccess()
                .hasResultAt("/message", "Hi, Ada!");
    }

    @Test
    void aMissingNameIsAPermanentValidationFailure() {
        assertThatResult(runner.run(Steps.forHandler("${handlerName}")))
                .isPermanentFailure()
                .hasErrorCode("NAME_MISSING")
                .hasErrorType("validation_error");
    }

    @Test
    void aNameThatIsNotAStringFailsTheDeclaredSchemaBeforeTheHandlerRuns() {
        assertThatResult(runner.run(Steps.forHandler("${handlerName}").context("name", 42)))
                .isPermanentFailure()
                .hasErrorCode("INPUT_INVALID");
    }

    @Test
    void answersOverHttpInARealGateway() {
        try (TestGateway gateway = TestGateway.withHandlers(new ${handlerClass}()).start()) {
            assertThatResult(gateway.execute(Steps.forHandler("${handlerName}").context("name", "CI")))
                    .isSuccess()
                    .hasResultAt("/message", "Hello, CI!");
        }
    }
}
