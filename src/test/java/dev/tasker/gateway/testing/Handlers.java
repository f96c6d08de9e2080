package dev.tasker.gateway.testing;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;

/** Small handlers for tests, built from a lambda. */
public final class Handlers {

    private Handlers() {
    }

    /** The body of a test handler. */
    @FunctionalInterface
    public interface Body {
        StepExecutionResult call(StepContext context) throws Exception;
    }

    public static StepHandler named(String name, Body body) {
        return named(name, "1.0.0", List.of(), body);
    }

    public static StepHandler named(String name, String version, List<String> aliases, Body body) {
        return new StepHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public List<String> aliases() {
                return aliases;
            }

            @Override
            public StepExecutionResult call(StepContext context) throws Exception {
                return body.call(context);
            }

            @Override
            public String toString() {
                return "test handler " + name;
            }
        };
    }
}
