package dev.tasker.gateway.execution;

/**
 * Makes an executed step durable before its answer is sent: its result (for idempotency) and whatever else
 * must survive with it (the step's durable events). Called on the request thread; blocks until committed.
 * Thread-safe.
 */
@FunctionalInterface
public interface StepRecorder {

    /** Records nothing: for embeddings without a store. */
    StepRecorder NONE = (executed, fingerprint, traceparent) -> executed;

    /**
     * @param executed    a step that ran now (never a replay)
     * @param fingerprint what decided its result, stored with it
     * @param traceparent the W3C {@code traceparent} the step request carried, or null
     * @return the step to answer: {@code executed} once recorded, or, when a result for the same (step_uuid,
     *         attempts) was already stored (another instance sharing the store ran it too), that stored
     *         result marked replayed; nothing of {@code executed} was then recorded
     * @throws StepNotRecordedException      when the record could not be committed; the step is then not
     *                                       answered with its result (the caller may send it again)
     * @throws IdempotencyKeyReusedException when the result already stored for the key has another
     *                                       fingerprint; nothing was recorded
     */
    ExecutedStep record(ExecutedStep executed, StepFingerprint fingerprint, String traceparent);
}
