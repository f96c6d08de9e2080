package dev.tasker.gateway.execution;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads the results of steps already executed (the idempotency store). Results are written by the
 * {@link StepRecorder}, together with the step's durable events. Expired results are never returned.
 * Implementations are thread-safe; a failure to read throws an unchecked exception.
 */
public interface StepResultStore {

    /** The unexpired result stored for exactly this execution. */
    Optional<StoredStepResult> find(StepKey key);

    /** The unexpired result of the step's latest stored attempt. */
    Optional<StoredStepResult> latest(UUID stepUuid);
}
