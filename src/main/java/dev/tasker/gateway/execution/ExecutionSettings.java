package dev.tasker.gateway.execution;

import java.time.Duration;
import java.util.Objects;

/**
 * How steps are executed.
 *
 * @param defaultTimeout        the deadline when a step sets no {@code timeout_seconds}
 * @param maxInFlight           steps running at once, over all handlers
 * @param maxInFlightPerHandler steps running at once for one handler
 * @param backtraceLines        frames kept in {@code error.backtrace}
 * @param workerId              written to {@code metadata.worker_id}
 * @param workerHostname        written to {@code metadata.worker_hostname}, may be null
 */
public record ExecutionSettings(Duration defaultTimeout, int maxInFlight, int maxInFlightPerHandler,
                                int backtraceLines, String workerId, String workerHostname) {

    public ExecutionSettings {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be positive");
        }
        if (maxInFlight < 1 || maxInFlightPerHandler < 1) {
            throw new IllegalArgumentException("in-flight limits must be at least 1");
        }
        Objects.requireNonNull(workerId, "workerId");
    }
}
