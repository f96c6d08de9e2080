package dev.tasker.gateway.events;

import dev.tasker.gateway.model.DeliveryMode;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The lifecycle event every executed step emits (contract 4): {@code step.completed}, {@code step.failed} or
 * {@code step.error}, durable, with {@code {handler, status, error_type, error_code, retryable,
 * execution_time_ms}} as the business payload.
 */
public final class LifecycleEvents {

    public static final String COMPLETED = "step.completed";
    public static final String FAILED = "step.failed";
    public static final String ERROR = "step.error";

    private LifecycleEvents() {
    }

    /** The lifecycle event name for a result. */
    public static String nameFor(StepExecutionResult result) {
        if (result.success()) {
            return COMPLETED;
        }
        return "error".equals(result.normalizedStatus()) ? ERROR : FAILED;
    }

    /** Publishes the step's lifecycle event into the context; returns its id. */
    public static UUID publish(StepEventContext context) {
        StepExecutionResult result = context.result();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("handler", context.handlerName());
        payload.put("status", result.normalizedStatus());
        payload.put("error_type", result.errorType());
        payload.put("error_code", result.errorCode());
        payload.put("retryable", result.isRetryable());
        payload.put("execution_time_ms", result.metadata().executionTimeMs());
        return context.publish(nameFor(result), payload, DeliveryMode.DURABLE);
    }
}
