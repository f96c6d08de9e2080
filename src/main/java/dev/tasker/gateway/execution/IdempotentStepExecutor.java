package dev.tasker.gateway.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs each (step, attempts) once. A key already stored is answered from the store ({@code replayed});
 * a duplicate that arrives while the first is running waits for it and gets its result; otherwise the step
 * runs on the {@link StepExecutor} and is recorded by the {@link StepRecorder} before it is returned. Each
 * key carries the {@link StepFingerprint} of the step that first used it: a request with the same key and
 * another fingerprint, stored or running, is refused ({@link IdempotencyKeyReusedException}) and runs nothing.
 * Waiting is per process; across instances sharing a store, {@link StepClaims} (when given) make an attempt run
 * once: the instance that claims it runs it, another waits for its stored result (polling the store) up to
 * the step's deadline, then answers {@link StepInProgressException}. Thread-safe.
 */
public final class IdempotentStepExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotentStepExecutor.class);

    private final StepExecutor executor;
    private final StepResultStore store;
    private final StepRecorder recorder;
    private final ObjectMapper mapper;
    private final StepClaims claims;
    private final Duration claimMargin;
    private final Clock clock;
    private final ConcurrentHashMap<StepKey, Running> running = new ConcurrentHashMap<>();

    /** A run in progress on this instance, with the fingerprint of its step. */
    private record Running(StepFingerprint fingerprint, CompletableFuture<ExecutedStep> done) {
    }

    /**
     * Without claims: the store is this instance's alone.
     *
     * @param mapper the wire mapper, to compute fingerprints
     */
    public IdempotentStepExecutor(StepExecutor executor, StepResultStore store, StepRecorder recorder,
                                  ObjectMapper mapper) {
        this(executor, store, recorder, mapper, null, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * With claims, for a store several instances share.
     *
     * @param claims      the leases, or null for none
     * @param claimMargin how long a lease outlasts the step's deadline (the time to record its result)
     * @param clock       the clock of lease times
     */
    public IdempotentStepExecutor(StepExecutor executor, StepResultStore store, StepRecorder recorder,
                                  ObjectMapper mapper, StepClaims claims, Duration claimMargin, Clock clock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.store = Objects.requireNonNull(store, "store");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.claims = claims;
        this.claimMargin = Objects.requireNonNull(claimMargin, "claimMargin");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether attempts are claimed in the store before they run. */
    public boolean claimsAttempts() {
        return claims != null;
    }

    /**
     * Executes a full or partial step once per (step_uuid, attempts).
     *
     * @param traceparent the request's W3C {@code traceparent}, or null; handed to the recorder
     * @throws InvalidStepException      when the step names no handler
     * @throws HandlerNotFoundException  when no handler has that name
     * @throws StepOverloadedException   when the in-flight bound is reached
     * @throws StepNotRecordedException  when the result could not be made durable
     * @throws IdempotencyKeyReusedException when the key was used, or is running, for another step
     * @throws StepInProgressException   when another instance runs the attempt past this step's deadline
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
        StepFingerprint fingerprint = StepFingerprint.of(step, handler, mapper);
        while (true) {
            // the key is taken before the store is asked (runOnce), so a new step costs one lookup: whoever
            // finds it taken waits for the holder, whose lookup or run answers both
            Running mine = new Running(fingerprint, new CompletableFuture<>());
            Running first = running.putIfAbsent(key, mine);
            if (first != null) {
                fingerprint.requireSameAs(key, first.fingerprint());
                try {
                    ExecutedStep done = first.done().join();
                    return new ExecutedStep(step, handler, done.result(), true, done.resultJson());
                } catch (CompletionException firstFailed) {
                    continue; // the first was refused or not recorded: this one tries on its own
                }
            }
            try {
                ExecutedStep executed = runOnce(key, fingerprint, step, handler, traceparent);
                mine.done().complete(executed);
                return executed;
            } catch (RuntimeException | Error e) {
                // an Error too: a duplicate joined on this future would otherwise wait forever
                mine.done().completeExceptionally(e);
                throw e;
            } finally {
                running.remove(key, mine);
            }
        }
    }

    private static ExecutedStep replay(StepKey key, StepFingerprint fingerprint, TaskSequenceStep step,
                                       RegisteredHandler handler, StoredStepResult stored) {
        fingerprint.requireSameAs(key, stored.fingerprint());
        return new ExecutedStep(step, handler, stored.result(), true);
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

    private ExecutedStep runOnce(StepKey key, StepFingerprint fingerprint, TaskSequenceStep step,
                                 RegisteredHandler handler, String traceparent) {
        // a run of this key that finished before it was taken has stored its result by now
        Optional<StoredStepResult> stored = find(key);
        if (stored.isPresent()) {
            return replay(key, fingerprint, step, handler, stored.get());
        }
        if (claims != null) {
            Optional<ExecutedStep> answered = claimOrWait(key, fingerprint, step, handler);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        try {
            ExecutedStep executed = executor.execute(step, handler);
            return recorder.record(executed, fingerprint, traceparent);
        } catch (RuntimeException | Error e) {
            release(key);
            throw e;
        }
    }

    /**
     * Claims the attempt in the shared store. Empty when this instance now holds the claim (run it);
     * otherwise the stored result of the instance that held it, once it is there.
     */
    private Optional<ExecutedStep> claimOrWait(StepKey key, StepFingerprint fingerprint, TaskSequenceStep step,
                                               RegisteredHandler handler) {
        Duration deadline = executor.deadlineOf(step);
        long waitUntil = clock.millis() + deadline.toMillis();
        long pauseMs = 5;
        while (true) {
            Instant now = clock.instant();
            StepClaim claim;
            try {
                claim = claims.claim(key, fingerprint, now, now.plus(deadline).plus(claimMargin));
            } catch (RuntimeException e) {
                throw new StepNotRecordedException("the attempt cannot be claimed in the store: " + e.getMessage(), e);
            }
            if (claim.status() == StepClaim.Status.TAKEN) {
                return Optional.empty();
            }
            if (claim.status() == StepClaim.Status.HELD) {
                fingerprint.requireSameAs(key, claim.fingerprint());
            }
            // wait for the holder's result, until its claim ends (then claim again) or this step's deadline
            while (true) {
                Optional<StoredStepResult> stored = find(key);
                if (stored.isPresent()) {
                    return Optional.of(replay(key, fingerprint, step, handler, stored.get()));
                }
                Optional<StepClaim> holder = claim.status() == StepClaim.Status.HELD ? holder(key) : Optional.empty();
                if (holder.isEmpty() || !holder.get().expiresAt().isAfter(clock.instant())) {
                    break;
                }
                claim = holder.get();
                fingerprint.requireSameAs(key, claim.fingerprint());
                long left = waitUntil - clock.millis();
                if (left <= 0) {
                    long retryAfterMs = claim.expiresAt().toEpochMilli() - clock.millis();
                    throw new StepInProgressException(key, claim.holder(), (retryAfterMs + 999) / 1000);
                }
                try {
                    Thread.sleep(Math.min(pauseMs, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StepInProgressException(key, claim.holder(), 1);
                }
                pauseMs = Math.min(pauseMs * 2, 200);
            }
        }
    }

    private Optional<StepClaim> holder(StepKey key) {
        try {
            return claims.holder(key);
        } catch (RuntimeException e) {
            throw new StepNotRecordedException("the idempotency store cannot be read: " + e.getMessage(), e);
        }
    }

    /** Ends this instance's claim after a run that stored no result; a claim left behind expires. */
    private void release(StepKey key) {
        if (claims == null) {
            return;
        }
        try {
            claims.release(key);
        } catch (RuntimeException e) {
            LOG.warn("the claim on step {} attempt {} could not be released ({}); it expires at the end of its "
                    + "lease", key.stepUuid(), key.attempts(), e.getMessage());
        }
    }
}
