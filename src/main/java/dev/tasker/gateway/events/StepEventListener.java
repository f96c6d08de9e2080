package dev.tasker.gateway.events;

/**
 * Receives {@code fast} and {@code broadcast} events in process, right after their step is recorded. Called
 * on a background thread, never on the step's request thread; at most once per event, with no retry.
 * An exception is logged and ignored. Implementations are thread-safe.
 */
@FunctionalInterface
public interface StepEventListener {

    void onEvent(PublishedEvent event);
}
