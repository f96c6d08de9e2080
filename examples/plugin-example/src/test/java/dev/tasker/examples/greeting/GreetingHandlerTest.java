package dev.tasker.examples.greeting;

import static dev.tasker.testkit.StepResultAssert.assertThatResult;

import dev.tasker.testkit.HandlerRunner;
import dev.tasker.testkit.Steps;
import dev.tasker.testkit.TestGateway;
import org.junit.jupiter.api.Test;

class GreetingHandlerTest {

    private final HandlerRunner runner = HandlerRunner.of(new GreetingHandler());

    @Test
    void greetsTheNameInTheLanguageOfTheConfig() {
        assertThatResult(runner.run(Steps.forHandler("greeting").context("name", "Ada").config("language", "fr")))
                .isSuccess()
                .hasResultAt("/greeting", "Bonjour, Ada!")
                .hasHandlerVersion("1.0.0");
    }

    @Test
    void aMissingNameIsAPermanentValidationFailure() {
        assertThatResult(runner.run(Steps.forHandler("examples.greeting")))
                .isPermanentFailure()
                .hasErrorCode("NAME_MISSING")
                .hasErrorType("validation_error");
    }

    @Test
    void answersOverHttpInARealGateway() {
        try (TestGateway gateway = TestGateway.withHandlers(new GreetingHandler()).start()) {
            assertThatResult(gateway.execute(Steps.forHandler("greeting").context("name", "CI")))
                    .isSuccess()
                    .hasResultAt("/greeting", "Hello, CI!");
        }
    }
}
