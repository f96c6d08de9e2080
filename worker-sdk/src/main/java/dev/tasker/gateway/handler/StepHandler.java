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

    /** The entry point a step runs when its {@code step_definition.handler.method} is absent or blank. */
    String DEFAULT_METHOD = "call";

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
     * The JSON Schemas of the task context, handler config and step inputs this handler accepts; shown by
     * {@code GET /v1/handlers/{name}}. The gateway checks every step against them before calling
     * {@link #call}: a step that does not match is answered {@code validation_error} / {@code INPUT_INVALID}
     * (not retryable, the failing paths in {@code error.context}) and the handler never sees it. Asked once,
     * at registration; a schema that is not a valid JSON Schema refuses the handler there. Never null;
     * {@link InputSchema#none()} (the default) checks nothing.
     */
    default InputSchema inputSchema() {
        return InputSchema.none();
    }

    /**
     * The handler's error catalog: every {@code error_code} it may answer, with type, retryability and
     * meaning; shown by {@code GET /v1/handlers/{name}}. Asked once, at registration; codes must be
     * distinct. When the catalog is not empty, a code the handler answers that is missing from it is logged
     * once per code and counted ({@code gateway_undeclared_error_codes_total{handler}}); the result is
     * still answered as it is. Codes the gateway itself produces ({@code HANDLER_TIMEOUT}, ...) need no
     * entry. Empty by default.
     */
    default java.util.List<DeclaredError> errors() {
        return java.util.List.of();
    }

    /**
     * The entry points a step may name in {@code step_definition.handler.method}; shown by
     * {@code GET /v1/handlers/{name}}. A step naming another one is refused with a 404 problem
     * {@code HANDLER_METHOD_NOT_FOUND} before anything runs. Asked once, at registration; names must be
     * distinct and not blank. By default only {@value #DEFAULT_METHOD}, which is also what a step without a
     * method runs. {@link MultiMethodStepHandler} keeps this list and {@link #invoke} in step.
     */
    default java.util.List<String> methods() {
        return java.util.List.of(DEFAULT_METHOD);
    }

    /**
     * Runs the step on the entry point {@code method}, one of {@link #methods()} (the gateway checks that
     * before it calls). The gateway calls {@link #call} itself for {@value #DEFAULT_METHOD}, and this for
     * every other method; the default runs {@link #call}, so override it together with {@link #methods()}.
     * Same outcomes, deadline and thread-safety as {@link #call}.
     *
     * @param method  a declared method other than {@value #DEFAULT_METHOD}; never null
     * @param context the step; never null
     * @throws Exception any failure; reported as for {@link #call}
     */
    default StepExecutionResult invoke(String method, StepContext context) throws Exception {
        return call(context);
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
