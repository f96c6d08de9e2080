package dev.tasker.gateway.store;

import dev.tasker.gateway.execution.StepKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One instance asking for the lease on one attempt.
 *
 * @param fingerprint the encoded fingerprint of the step it would run
 * @param now         the claimant's time: a claim that expired by then is taken over
 */
record ClaimRequest(StepKey key, String instanceId, String fingerprint, Instant now, Instant expiresAt) {

    ClaimRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
