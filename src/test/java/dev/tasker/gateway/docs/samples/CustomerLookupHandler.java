package dev.tasker.gateway.docs.samples;

import dev.tasker.gateway.handler.ApiResponse;
import dev.tasker.gateway.handler.ApiStepHandler;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Map;

public final class CustomerLookupHandler extends ApiStepHandler {

    @Override
    public String name() {
        return "customer_lookup";
    }

    @Override
    protected StepExecutionResult callApi(StepContext context) throws InterruptedException {
        String customerId = context.getInput("customer_id", String.class);
        // base_url, timeout_ms and headers come from the handler config
        ApiResponse response = get(context, "/customers/" + customerId);
        if (response.statusCode() == 404) {
            return apiSuccess(response, Map.of("customer_id", customerId, "exists", false));
        }
        requireSuccess(response);  // any other non-2xx answers the classified failure
        return apiSuccess(response, Map.of("customer_id", customerId, "exists", true,
                "customer", response.jsonBody().orElse(Map.of())));
    }
}
