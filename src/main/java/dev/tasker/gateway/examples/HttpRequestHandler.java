package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.ApiFailures;
import dev.tasker.gateway.handler.ApiResponse;
import dev.tasker.gateway.handler.ApiStepHandler;
import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.ValidationStepException;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The API pattern: one HTTP call described by the handler config: {@code url} (required), {@code method}
 * (GET), {@code headers} ({}), {@code timeout_ms} (10000), {@code follow_redirects} (false). For POST, PUT and
 * PATCH the request body is the task context's {@code body} value, sent as JSON. Answers
 * {@code {status_code, headers, body}} (body parsed when JSON); failures are classified by contract 1.4.
 */
public final class HttpRequestHandler extends ApiStepHandler {

    private static final InputSchema SCHEMA =
            InputSchema.fromResource(HttpRequestHandler.class, "http_request.schema.json");
    private static final List<DeclaredError> ERRORS = ApiFailures.catalog(List.of(
            DeclaredError.validation(ExampleConfig.INVALID_CONFIG, "url is missing, or a config value is invalid")));

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @Override
    public String name() {
        return "http_request";
    }

    @Override
    public String description() {
        return "Calls the URL in its config and answers {status_code, headers, body}; failures by contract 1.4";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public List<DeclaredError> errors() {
        return ERRORS;
    }

    @Override
    protected StepExecutionResult callApi(StepContext context) throws InterruptedException {
        String url = ExampleConfig.string(context, "url", null);
        if (url == null) {
            throw new ValidationStepException("handler config 'url' is required", ExampleConfig.INVALID_CONFIG);
        }
        String method = ExampleConfig.string(context, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ValidationStepException("handler config 'method' must be one of "
                    + METHODS.stream().sorted().toList() + ", got " + method, ExampleConfig.INVALID_CONFIG);
        }
        Object body = METHODS_WITH_BODY.contains(method) ? context.getInput("body") : null;
        ApiResponse response = send(context, method, url, null, body);
        return apiResult(response);
    }
}
