package dev.tasker.examples.greeting;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.ValidationStepException;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;
import java.util.Map;

/**
 * Greets the person named by the task input {@code name}, in the language of the handler config
 * {@code language} ({@code en} by default). A missing name is a validation failure, which the orchestrator
 * does not retry.
 */
public final class GreetingHandler implements StepHandler {

    private static final Map<String, String> GREETINGS = Map.of("en", "Hello", "fr", "Bonjour", "de", "Hallo");

    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public List<String> aliases() {
        return List.of("examples.greeting");
    }

    @Override
    public String description() {
        return "Greets task input 'name' (example plugin)";
    }

    @Override
    public StepExecutionResult call(StepContext context) throws ValidationStepException {
        String name = context.getInput("name", String.class);
        if (name == null || name.isBlank()) {
            throw new ValidationStepException("task input 'name' is required", "NAME_MISSING");
        }
        String language = context.getConfigOr("language", "en");
        String greeting = GREETINGS.getOrDefault(language, GREETINGS.get("en"));
        return StepExecutionResult.success(context.stepUuid(),
                Map.of("greeting", greeting + ", " + name + "!", "language", language));
    }
}
