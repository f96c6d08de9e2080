package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.StepExecutionResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A handler with several entry points, picked per step by {@code step_definition.handler.method} (default
 * {@value StepHandler#DEFAULT_METHOD}). Register each in the constructor; {@link #methods()} and
 * {@link #invoke} follow:
 *
 * <pre>{@code
 * public PaymentHandler() {
 *     entryPoint("call", this::charge);
 *     entryPoint("refund", this::refund);
 * }
 * }</pre>
 *
 * <p>Thread-safety: entry points are registered while the handler is constructed and only read after, so
 * one instance serves concurrent steps like any handler. A step naming a method that is not registered
 * never gets here (the gateway answers 404 {@code HANDLER_METHOD_NOT_FOUND}); called directly, it throws
 * {@link IllegalArgumentException}.
 */
public abstract class MultiMethodStepHandler implements StepHandler {

    /** One entry point: runs a step, with the outcomes of {@link StepHandler#call}. */
    @FunctionalInterface
    public interface StepMethod {

        /**
         * @param context the step; never null
         * @return the result; null is reported as a handler error
         * @throws Exception any failure, reported as for {@link StepHandler#call}
         */
        StepExecutionResult run(StepContext context) throws Exception;
    }

    private final Map<String, StepMethod> entryPoints = new LinkedHashMap<>();

    /**
     * Registers an entry point; call it from the constructor.
     *
     * @throws IllegalArgumentException when the name is blank or already registered
     */
    protected final void entryPoint(String method, StepMethod entry) {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("an entry point needs a name");
        }
        if (entry == null) {
            throw new IllegalArgumentException("entry point '" + method + "' needs a method to run");
        }
        if (entryPoints.putIfAbsent(method, entry) != null) {
            throw new IllegalArgumentException("entry point '" + method + "' is registered twice");
        }
    }

    /** The registered entry points, in registration order. */
    @Override
    public List<String> methods() {
        return List.copyOf(entryPoints.keySet());
    }

    /** Runs the {@value StepHandler#DEFAULT_METHOD} entry point. */
    @Override
    public StepExecutionResult call(StepContext context) throws Exception {
        return invoke(DEFAULT_METHOD, context);
    }

    /** Runs the named entry point. */
    @Override
    public StepExecutionResult invoke(String method, StepContext context) throws Exception {
        StepMethod entry = entryPoints.get(method);
        if (entry == null) {
            throw new IllegalArgumentException("handler '" + name() + "' has no entry point '" + method
                    + "'; it has " + methods());
        }
        return entry.run(context);
    }
}
