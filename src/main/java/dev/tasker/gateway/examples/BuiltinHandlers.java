package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.StepHandler;
import java.util.List;

/** The example handlers every gateway registers at start-up. */
public final class BuiltinHandlers {

    private BuiltinHandlers() {
    }

    /** New instances of every built-in handler. */
    public static List<StepHandler> all() {
        return List.of(new EchoHandler(), new ValidateCartHandler(), new HttpRequestHandler(),
                new RoutingDecisionHandler(), new CsvAnalyzerHandler(), new CsvBatchProcessorHandler());
    }
}
