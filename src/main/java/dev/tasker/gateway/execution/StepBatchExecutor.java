package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * Runs several steps concurrently and answers their results in request order. Every step is checked before
 * any runs: a batch with an invalid step or an unknown handler is refused whole, and nothing runs. At most
 * {@code parallelism} steps of one batch run at once, each on the handler it was checked against. When a step is
 * refused while the batch runs (overload, store unavailable, its idempotency key reused for another step) no
 * further step is started and the batch fails with that refusal (a reused key's {@code errors[]} name the
 * step as {@code steps[i].<part>}); the steps that did run are stored, so sending the same batch again answers
 * them from the store without running them twice. Thread-safe.
 */
public final class StepBatchExecutor {

    /** The most steps one batch may hold. */
    public static final int MAX_STEPS = 100;

    private static final String STEP_UUID_MDC = "step_uuid";

    private final IdempotentStepExecutor steps;
    private final int parallelism;

    /** @param parallelism steps of one batch running at once, at least 1 */
    public StepBatchExecutor(IdempotentStepExecutor steps, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.steps = Objects.requireNonNull(steps, "steps");
        this.parallelism = parallelism;
    }

    /**
     * Checks the steps, then starts them.
     *
     * @param requests    full or partial steps; neither the list nor an element may be null or missing
     * @param traceparent the request's W3C {@code traceparent}, or null
     * @return the executed steps in request order; completes exceptionally with the
     *         {@link StepRejectedException} of the first step refused while the batch ran
     * @throws InvalidStepException     when the batch is empty, too large, or a step is invalid (every field
     *                                  named as {@code steps[i].<field>})
     * @throws HandlerNotFoundException when a step names a handler that is not registered
     */
    public CompletableFuture<List<ExecutedStep>> submit(List<TaskSequenceStep> requests, String traceparent) {
        List<Checked> checked = check(requests);
        Run run = new Run(checked, traceparent);
        for (int i = 0; i < Math.min(parallelism, checked.size()); i++) {
            run.launchNext();
        }
        return run.done;
    }

    /** A step of the batch, normalized, with the handler it was found to run on. */
    private record Checked(TaskSequenceStep step, RegisteredHandler handler) {
    }

    private List<Checked> check(List<TaskSequenceStep> requests) {
        if (requests == null || requests.isEmpty()) {
            throw InvalidStepException.field("steps", "a non-empty list of steps is required");
        }
        if (requests.size() > MAX_STEPS) {
            throw InvalidStepException.field("steps", "at most " + MAX_STEPS + " steps a batch, got "
                    + requests.size());
        }
        List<Checked> normalized = new ArrayList<>(requests.size());
        List<FieldError> errors = new ArrayList<>();
        HandlerNotFoundException unknown = null;
        for (int i = 0; i < requests.size(); i++) {
            String prefix = "steps[" + i + "]";
            try {
                if (requests.get(i) == null) {
                    throw InvalidStepException.field(prefix, "a TaskSequenceStep JSON object is required");
                }
                TaskSequenceStep step = steps.normalize(requests.get(i));
                normalized.add(new Checked(step, steps.resolve(step)));
            } catch (InvalidStepException e) {
                e.errors().forEach(error -> errors.add(new FieldError(
                        error.field().startsWith(prefix) ? error.field() : prefix + "." + error.field(),
                        error.message())));
            } catch (HandlerNotFoundException e) {
                if (unknown == null) {
                    unknown = e.prefixed(prefix);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidStepException(errors.size() + " of " + requests.size() + " steps are invalid: "
                    + errors.get(0).field() + ": " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
        if (unknown != null) {
            throw unknown;
        }
        return normalized;
    }

    /** One batch in flight: hands out the next index, gathers results, completes once nothing runs. */
    private final class Run {
        private final List<Checked> steps;
        private final String traceparent;
        private final ExecutedStep[] results;
        private final CompletableFuture<List<ExecutedStep>> done = new CompletableFuture<>();
        private int next;
        private int running;
        private Throwable failure;

        Run(List<Checked> steps, String traceparent) {
            this.steps = steps;
            this.traceparent = traceparent;
            this.results = new ExecutedStep[steps.size()];
        }

        void launchNext() {
            int index;
            synchronized (this) {
                if (failure != null || next == steps.size()) {
                    return;
                }
                index = next++;
                running++;
            }
            // submit carries the caller's MDC over; this may be the thread of another step of the batch
            Checked step = steps.get(index);
            String previous = MDC.get(STEP_UUID_MDC);
            MDC.put(STEP_UUID_MDC, step.step().workflowStep().workflowStepUuid().toString());
            try {
                StepBatchExecutor.this.steps.submit(step.step(), step.handler(), traceparent)
                        .whenComplete((executed, error) -> finished(index, executed, error));
            } finally {
                if (previous == null) {
                    MDC.remove(STEP_UUID_MDC);
                } else {
                    MDC.put(STEP_UUID_MDC, previous);
                }
            }
        }

        private void finished(int index, ExecutedStep executed, Throwable error) {
            boolean last;
            synchronized (this) {
                running--;
                if (error != null) {
                    if (failure == null) {
                        // submit completes with the step's own exception, unwrapped
                        failure = error instanceof IdempotencyKeyReusedException reused
                                ? reused.within("steps[" + index + "].") : error;
                    }
                } else {
                    results[index] = executed;
                }
                last = running == 0 && (failure != null || next == steps.size());
            }
            if (!last) {
                launchNext();
                return;
            }
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(List.copyOf(Arrays.asList(results)));
            }
        }
    }
}
