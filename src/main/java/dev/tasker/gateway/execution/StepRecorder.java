package dev.tasker.gateway.execution;

/**
 * Makes an executed step durable before its answer is sent: its result (for idempotency) and whatever else
 * must survive with it (the step's durable events). Called on the request thread; blocks until committed.
 * Thread-safe.
 */
@FunctionalInterface
public interface StepRecorder {

    /** Records nothing: for embeddings without a store. */
    StepRecorder NONE = (executed, traceparent) -> { };

    /**
     * @param executed    a step that ran now (never a replay)
     * @param traceparent the W3C {@code traceparent} the step request carried, or null
     * @throws StepNotRecordedException when the record could not be committed; the step is then not
     *                                  answered with its result (the caller may send it again)
     */
    void record(ExecutedStep executed, String traceparent);
}
