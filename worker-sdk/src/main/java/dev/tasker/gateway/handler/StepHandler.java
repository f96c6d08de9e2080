package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.StepExecutionResult;

/**
 * A step handler: the unit of work the gateway runs for one workflow step. This interface is a published
 * contract; plugin jars compile against it and it changes only by addition.
 *
 * <p>Thread-safety: one instance serves every step that names it, concurrently. Keep per-step state on the
 * stack or in the {@link StepContext}.
 *
 * <p>Outcomes: return a result built with {@link StepExecutionResult#success}, {@code failure} or
 * {@code error}. Throwing is also an outcome: a {@link RetryableStepException},
 * {@link PermanentStepException} or {@link ValidationStepException} becomes a {@code failed} result with
 * its error code; any other exception becomes an {@code error} result ({@code HANDLER_EXCEPTION}). Returning
 * null becomes {@code HANDLER_RETURNED_NULL}. The gateway fills {@code step_uuid}, timings, worker fields
 * and {@code handler_version} after the call, whatever the handler wrote there.
 *
 * <p>Deadline: the call runs under the step's timeout; at expiry its thread is interrupted and the answer
 * is a {@code HANDLER_TIMEOUT} error. Handlers that block should respond to interruption.
 */
public interface StepHandler {

    /** The name steps use to call this handler ({@code step_definition.handler.callable}); never null. */
    String name();

    /** The handler's version, reported as {@code metadata.handler_version}. */
    default String version() {
        return "1.0.0";
    }

    /** Other names that resolve to this handler; share one namespace with every handler's name. */
    default java.util.List<String> aliases() {
        return java.util.List.of();
    }

    /** One line for people reading {@code GET /v1/handlers}; may be null. */
    default String description() {
        return null;
    }

    /**
     * The handler pattern, shown by {@code GET /v1/handlers}: {@code standard}, {@code api},
     * {@code decision} or {@code batchable}. The SDK base classes override it.
     */
    default String kind() {
        return "standard";
    }

    /** Free-form capability tags shown by {@code GET /v1/handlers}. */
    default java.util.List<String> capabilities() {
        return java.util.List.of();
    }

    /**
     * Runs the step.
     *
     * @param context the step as received, with typed accessors; never null
     * @return the result; null is reported as a handler error
     * @throws Exception any failure; see the class comment for how each kind is reported
     */
    StepExecutionResult call(StepContext context) throws Exception;
}
