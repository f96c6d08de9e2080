package dev.tasker.gateway.model;

import java.util.Optional;

/**
 * The three statuses a {@link StepExecutionResult} can carry on the wire.
 *
 * <pre>
 *   completed   the handler succeeded
 *   failed      the handler reported a failure (retryable or not, see metadata.retryable)
 *   error       the handler crashed, timed out or returned nothing usable
 * </pre>
 */
public enum StepResultStatus {
    COMPLETED("completed"),
    FAILED("failed"),
    ERROR("error");

    private final String wire;

    StepResultStatus(String wire) {
        this.wire = wire;
    }

    /** The lower-case value written on the wire. */
    public String wire() {
        return wire;
    }

    /** The status for a wire value, or empty when it is none of the three (compared case-sensitively). */
    public static Optional<StepResultStatus> fromWire(String value) {
        for (StepResultStatus status : values()) {
            if (status.wire.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
