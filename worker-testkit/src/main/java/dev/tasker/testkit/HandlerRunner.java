package dev.tasker.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.execution.ExecutionSettings;
import dev.tasker.gateway.execution.StepExecutor;
import dev.tasker.gateway.execution.StepObserver;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a handler on a step exactly as the gateway does, without HTTP: through the gateway's own
 * {@link StepExecutor}, so the step is checked and its missing ids filled, the handler runs on its own thread
 * under the step's deadline ({@code timeout_seconds}, else 30 s as the gateway's default) and is interrupted
 * at it, whatever it throws or returns (an exception, null, a result that cannot be written as contract JSON)
 * becomes the result the gateway would answer, the fields the gateway owns are filled ({@code step_uuid},
 * timings, {@code worker_id}, {@code handler_version}, both {@code retryable} copies equal), and the result is
 * the one that survived the gateway's strict JSON round trip. A step that does not match the handler's declared
 * input schema is answered {@code INPUT_INVALID} without running it, as the gateway answers it. On top, the result is checked against the wire
 * rules the Rust core reads it by ({@link WireContract}); one that breaks them fails the test.
 *
 * <p>Immutable and thread-safe; each {@link #run} uses threads of its own and releases them before it
 * returns.
 */
public final class HandlerRunner {

    /** The gateway's default deadline ({@code GATEWAY_STEP_TIMEOUT}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** What {@code metadata.worker_id} of a result from this runner says. */
    public static final String WORKER_ID = "worker_testkit";

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private final StepHandler handler;
    private final Duration defaultTimeout;
    private final boolean undeclaredErrorCodesAllowed;

    private HandlerRunner(StepHandler handler, Duration defaultTimeout, boolean undeclaredErrorCodesAllowed) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.undeclaredErrorCodesAllowed = undeclaredErrorCodesAllowed;
    }

    /** A runner for this handler with the gateway's default deadline. */
    public static HandlerRunner of(StepHandler handler) {
        return new HandlerRunner(handler, DEFAULT_TIMEOUT, false);
    }

    /** Runs {@code handler} on {@code step} once, as {@link #run(TaskSequenceStep)} does. */
    public static StepExecutionResult run(StepHandler handler, TaskSequenceStep step) {
        return of(handler).run(step);
    }

    /** Runs {@code handler} on the step the builder builds. */
    public static StepExecutionResult run(StepHandler handler, StepBuilder step) {
        return of(handler).run(step.build());
    }

    /** A copy whose deadline, for steps that set no {@code timeout_seconds}, is {@code timeout}. */
    public HandlerRunner withDefaultTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the default timeout must be positive: " + timeout);
        }
        return new HandlerRunner(handler, timeout, undeclaredErrorCodesAllowed);
    }

    /**
     * A copy that answers a result whose {@code error_code} the handler's declared error catalog does not list,
     * as the gateway does (it logs and counts it), instead of failing the test.
     */
    public HandlerRunner allowingUndeclaredErrorCodes() {
        return new HandlerRunner(handler, defaultTimeout, true);
    }

    /** Runs the step the builder builds. */
    public StepExecutionResult run(StepBuilder step) {
        return run(step.build());
    }

    /**
     * Runs the handler on the step and answers the result the gateway would answer with a 200.
     *
     * @throws AssertionError           when the result, finished by the gateway, still breaks the wire contract
     *                                  ({@link WireContract}): for example {@code success: true} with status
     *                                  {@code failed}, or a failure without an {@code error}, which the
     *                                  gateway's JSON round trip lets through and the orchestrator would misread
     * @throws AssertionError           when the handler declares an error catalog ({@code errors()}) and answered
     *                                  an {@code error_code} it does not list (the gateway logs and counts that
     *                                  as {@code gateway_undeclared_error_codes_total}), unless
     *                                  {@link #allowingUndeclaredErrorCodes()}
     * @throws IllegalArgumentException when the step names neither the handler's name nor an alias of it
     * @throws dev.tasker.gateway.execution.InvalidStepException when the gateway would refuse the step with a
     *         400 problem before any handler ran (for example a null element in {@code dependencies})
     */
    public StepExecutionResult run(TaskSequenceStep step) {
        Objects.requireNonNull(step, "step");
        HandlerRegistry registry = new HandlerRegistry();
        RegisteredHandler registered = registry.register(handler);
        String asked = step.handlerName();
        if (asked != null && registry.resolve(asked).isEmpty()) {
            throw new IllegalArgumentException("the step names handler '" + asked + "', but this runner runs '"
                    + registered.name() + "' (aliases " + registered.descriptor().aliases() + ")");
        }
        ExecutionSettings settings = new ExecutionSettings(defaultTimeout, 1, 1, 50, WORKER_ID, "testkit");
        List<String> undeclared = new CopyOnWriteArrayList<>();
        StepObserver catalog = new StepObserver() {
            @Override
            public void stepExecuted(ExecutedStep executed) {
            }

            @Override
            public void undeclaredErrorCode(String handlerName, String errorCode) {
                undeclared.add(errorCode);
            }
        };
        StepExecutionResult result;
        try (StepExecutor executor = new StepExecutor(new ActiveRegistry(registry), settings, JSON, List.of(catalog))) {
            result = executor.execute(step).result();
        }
        if (!undeclared.isEmpty() && !undeclaredErrorCodesAllowed) {
            throw new AssertionError("handler '" + registered.name() + "' answered error_code '" + undeclared.get(0)
                    + "', which its declared error catalog does not list (declared: " + registered.descriptor().errors()
                    .stream().map(error -> error.errorCode()).toList() + "); declare it in errors(), or use"
                    + " allowingUndeclaredErrorCodes()");
        }
        List<String> violations = WireContract.violations(JSON.valueToTree(result));
        if (!violations.isEmpty()) {
            throw new AssertionError("handler '" + registered.name() + "' returned a result the gateway would"
                    + " answer but that breaks the wire contract:\n  " + String.join("\n  ", violations));
        }
        return result;
    }
}
