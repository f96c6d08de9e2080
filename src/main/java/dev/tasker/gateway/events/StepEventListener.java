package dev.tasker.gateway.events;

/**
 * Receives {@code fast} and {@code broadcast} events in process, right after their step is recorded. Called
 * on a background thread, never on the step's request thread; at most once per event, with no retry.
 * An exception is logged and ignored. Implementations are thread-safe.
 */
@FunctionalInterface
public interface StepEventListener {

    void onEvent(PublishedEvent event);

    /**
     * Like {@link #onEvent(PublishedEvent)}, with the W3C {@code traceparent} the step request carried (null when
     * it carried none), for listeners that pass the trace on. By default the trace is ignored.
     */
    default void onEvent(PublishedEvent event, String traceparent) {
        onEvent(event);
    }
}
