package dev.tasker.gateway.execution;

import java.time.Instant;
import java.util.Optional;

/**
 * Leases on attempts in a store that several gateway instances share, so that one attempt runs once across
 * them: an instance claims (step_uuid, attempts) before its handler runs; the commit of the result releases
 * the claim; a claim whose lease ended (its instance died or hung) is taken over by the next claimant.
 * Implementations are thread-safe; a failure to reach the store throws an unchecked exception.
 */
public interface StepClaims {

    /**
     * Claims the attempt until {@code expiresAt}, unless another instance holds an unexpired claim on it or
     * its result is stored. A claim this instance holds already (a run that failed to release it) is renewed.
     *
     * @param fingerprint stored with the claim, so that a waiting duplicate can be checked against it
     */
    StepClaim claim(StepKey key, StepFingerprint fingerprint, Instant now, Instant expiresAt);

    /** The claim held on the attempt now, expired or not; empty when there is none. */
    Optional<StepClaim> holder(StepKey key);

    /** Ends this instance's claim on the attempt (a run that ended without a stored result). */
    void release(StepKey key);
}
