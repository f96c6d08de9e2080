package dev.tasker.gateway.http;

import java.util.List;

/** Every condition of {@code /health/ready}, in the order they are reported. */
public record ReadinessChecks(List<ReadinessCheck> checks) {

    public ReadinessChecks {
        checks = List.copyOf(checks);
    }
}
