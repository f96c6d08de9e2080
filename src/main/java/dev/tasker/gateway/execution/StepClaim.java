package dev.tasker.gateway.execution;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store answered when an instance asked to claim an attempt ({@link StepClaims#claim}).
 *
 * @param status      what happened
 * @param holder      the instance holding the claim now (this one when {@link Status#TAKEN}), or null
 * @param fingerprint the fingerprint of the step the holder runs, or null
 * @param expiresAt   when the holder's lease ends, or null
 */
public record StepClaim(Status status, String holder, StepFingerprint fingerprint, Instant expiresAt) {

    /**
     * <pre>
     * claim ──▶ TAKEN   this instance holds the lease: run the handler, the result's commit releases it
     *       ├─▶ HELD    another instance holds an unexpired lease: wait for its result
     *       └─▶ STORED  a result is stored already: answer it (nothing is held)
     * </pre>
     */
    public enum Status { TAKEN, HELD, STORED }

    public StepClaim {
        Objects.requireNonNull(status, "status");
    }

    public static StepClaim taken(String holder, Instant expiresAt) {
        return new StepClaim(Status.TAKEN, holder, null, expiresAt);
    }

    public static StepClaim held(String holder, StepFingerprint fingerprint, Instant expiresAt) {
        return new StepClaim(Status.HELD, holder, fingerprint, expiresAt);
    }

    public static StepClaim stored() {
        return new StepClaim(Status.STORED, null, null, null);
    }
}
