package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.StepExecutionResult;
import java.time.Instant;
import java.util.Objects;

/**
 * A result kept by the idempotency store.
 *
 * @param key       the execution it answers
 * @param result    the result exactly as it was answered
 * @param storedAt  when it was committed
 * @param expiresAt   after this it is neither replayed nor returned
 * @param fingerprint what decided the result; null for a result stored before fingerprints were kept
 */
public record StoredStepResult(StepKey key, StepExecutionResult result, Instant storedAt, Instant expiresAt,
                               StepFingerprint fingerprint) {

    public StoredStepResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A result with no fingerprint (stored before fingerprints were kept). */
    public StoredStepResult(StepKey key, StepExecutionResult result, Instant storedAt, Instant expiresAt) {
        this(key, result, storedAt, expiresAt, null);
    }
}
