package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.MDC;

/**
 * Runs each (step, attempts) once. A key already stored is answered from the store ({@code replayed});
 * a duplicate that arrives while the first is running waits for it and gets its result; otherwise the step
 * runs on the {@link StepExecutor} and is recorded by the {@link StepRecorder} before it is returned.
 * Waiting is per process: two instances sharing a store each see the other's result once it is committed.
 * Thread-safe.
 */
public final class IdempotentStepExecutor {

    private final StepExecutor executor;
    private final StepResultStore store;
    private final StepRecorder recorder;
    private final ConcurrentHashMap<StepKey, CompletableFuture<ExecutedStep>> running = new ConcurrentHashMap<>();

    public IdempotentStepExecutor(StepExecutor executor, StepResultStore store, StepRecorder recorder) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.store = Objects.requireNonNull(store, "store");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /**
     * Executes a full or partial step once per (step_uuid, attempts).
     *
     * @param traceparent the request's W3C {@code traceparent}, or null; handed to the recorder
     * @throws InvalidStepException      when the step names no handler
     * @throws HandlerNotFoundException  when no handler has that name
     * @throws StepOverloadedException   when the in-flight bound is reached
     * @throws StepNotRecordedException  when the result could not be made durable
     */
    public ExecutedStep execute(TaskSequenceStep request, String traceparent) {
        TaskSequenceStep step = executor.normalize(request);
        return execute(step, executor.resolve(step), traceparent);
    }

    /**
     * Like {@link #execute(TaskSequenceStep, String)} for a step already normalized and resolved (a checked
     * batch), so that a plugin reload in between cannot turn it into a 404 after other steps ran.
     */
    public ExecutedStep execute(TaskSequenceStep step, RegisteredHandler handler, String traceparent) {
        StepKey key = StepKey.of(step);
        while (true) {
            Optional<StoredStepResult> stored = find(key);
            if (stored.isPresent()) {
                return new ExecutedStep(step, handler, stored.get().result(), true);
            }
            CompletableFuture<ExecutedStep> mine = new CompletableFuture<>();
            CompletableFuture<ExecutedStep> first = running.putIfAbsent(key, mine);
            if (first != null) {
                try {
                    ExecutedStep done = first.join();
                    return new ExecutedStep(step, handler, done.result(), true);
                } catch (CompletionException firstFailed) {
                    continue; // the first was refused or not recorded: this one tries on its own
                }
            }
            try {
                ExecutedStep executed = runOnce(key, step, handler, traceparent);
                mine.complete(executed);
                return executed;
            } catch (RuntimeException | Error e) {
                // an Error too: a duplicate joined on this future would otherwise wait forever
                mine.completeExceptionally(e);
                throw e;
            } finally {
                running.remove(key, mine);
            }
        }
    }

    /**
     * Like {@link #execute} but on the executor's request threads: the caller's thread is free at once. The
     * logging MDC of the caller is carried over; the future completes on the request thread, with the MDC still
     * set, exceptionally with the same exceptions {@link #execute} throws.
     */
    public CompletableFuture<ExecutedStep> submit(TaskSequenceStep request, String traceparent) {
        return submit(() -> execute(request, traceparent));
    }

    /** {@link #submit(TaskSequenceStep, String)} of a normalized step on a resolved handler. */
    public CompletableFuture<ExecutedStep> submit(TaskSequenceStep step, RegisteredHandler handler,
                                                  String traceparent) {
        return submit(() -> execute(step, handler, traceparent));
    }

    private CompletableFuture<ExecutedStep> submit(java.util.function.Supplier<ExecutedStep> execution) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        CompletableFuture<ExecutedStep> result = new CompletableFuture<>();
        try {
            executor.requestThreads().execute(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    result.complete(execution.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    MDC.clear();
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new StepOverloadedException("the gateway is shutting down", 1));
        }
        return result;
    }

    /** Fills the missing ids of a partial step, as {@link #execute} will (it is idempotent). */
    public TaskSequenceStep normalize(TaskSequenceStep request) {
        return executor.normalize(request);
    }

    /**
     * The handler a normalized step would run on now.
     *
     * @throws HandlerNotFoundException when no handler has that name
     */
    public RegisteredHandler resolve(TaskSequenceStep step) {
        return executor.resolve(step);
    }

    /** The unexpired result of the step's latest stored attempt. */
    public Optional<StoredStepResult> latest(UUID stepUuid) {
        return store.latest(stepUuid);
    }

    private Optional<StoredStepResult> find(StepKey key) {
        try {
            return store.find(key);
        } catch (RuntimeException e) {
            throw new StepNotRecordedException("the idempotency store cannot be read: " + e.getMessage(), e);
        }
    }

    private ExecutedStep runOnce(StepKey key, TaskSequenceStep step, RegisteredHandler handler,
                                 String traceparent) {
        // a run that finished between the lookup and taking the key has stored its result by now
        Optional<StoredStepResult> stored = find(key);
        if (stored.isPresent()) {
            return new ExecutedStep(step, handler, stored.get().result(), true);
        }
        ExecutedStep executed = executor.execute(step, handler);
        return recorder.record(executed, traceparent);
    }
}
