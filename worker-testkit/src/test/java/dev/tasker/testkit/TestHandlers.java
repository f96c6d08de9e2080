package dev.tasker.testkit;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;

/** Handlers made from a lambda, for the test kit's own tests. */
final class TestHandlers {

    private TestHandlers() {
    }

    @FunctionalInterface
    interface Body {
        StepExecutionResult call(StepContext context) throws Exception;
    }

    static StepHandler named(String name, Body body) {
        return new StepHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "2.1.0";
            }

            @Override
            public StepExecutionResult call(StepContext context) throws Exception {
                return body.call(context);
            }
        };
    }
}
