package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.DecisionStepHandler;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;
import java.util.Map;

public final class ShippingRouteHandler implements DecisionStepHandler {

    @Override
    public String name() {
        return "shipping_route";
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        String country = context.getInput("country", String.class);
        if (country == null) {
            return decisionFailure("Task context 'country' is required", ErrorTypes.VALIDATION_ERROR);
        }
        if (context.getInputOr("digital_only", false)) {
            return skipBranches("nothing_to_ship", Map.of("country", country));
        }
        List<String> steps = country.equals("US")
                ? List.of("ship_domestic")
                : List.of("customs_declaration", "ship_international");
        return decisionSuccess(steps, Map.of("country", country, "rule", "by_country_v1"));
    }
}
