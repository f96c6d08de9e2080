package dev.tasker.gateway.metrics;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What the gateway's components report to {@code /metrics}, without knowing Micrometer. Every label value
 * passed here must come from configuration or registration (a publisher, an endpoint name), never from a
 * request; values past a fixed number per label are reported as {@code other}. Thread-safe; no method
 * throws. {@link #NOOP} for tests and embedding.
 */
public interface GatewayMetrics {

    /** Reports nothing. */
    GatewayMetrics NOOP = new GatewayMetrics() {
    };

    /** Registers how to read the number of plugin load failures in the active plugin set (read at each scrape). */
    default void pluginFailures(IntSupplier current) {
    }

    /** A publisher turned a step outcome into an event written to the outbox. */
    default void eventPublished(String publisher) {
    }

    /** A publisher decided an event did not apply to a step (its condition did not hold). */
    default void eventSkipped(String publisher) {
    }

    /** A publisher failed; the step was not affected. */
    default void eventFailed(String publisher) {
    }

    /** Registers how to read the number of outbox entries not yet delivered (read at each scrape). */
    default void outboxDepth(LongSupplier depth) {
    }

    /**
     * One webhook delivery attempt finished.
     *
     * @param endpoint the configured endpoint name
     * @param outcome  a short fixed word: {@code delivered}, {@code failed}, {@code blocked}, {@code dead}, ...
     * @param latency  how long the attempt took (zero when nothing was sent, e.g. blocked)
     */
    default void deliveryAttempted(String endpoint, String outcome, Duration latency) {
    }
}
