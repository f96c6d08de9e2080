package dev.tasker.gateway.events;

/**
 * Turns an executed step into domain events (the Java form of the Rust {@code StepEventPublisher}). A step
 * names its publisher in the {@code publisher} field of its first declared event; null means the default
 * publisher. Plugin jars contribute publishers through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.tasker.gateway.events.StepEventPublisher} entry), like handlers.
 *
 * <p>Thread-safety: one instance serves every step concurrently. {@link #publish} runs on the request
 * thread before the step is answered, so keep it short and do no I/O: publish events into the context and
 * let the gateway store and deliver them.
 *
 * <p>Failure: an exception from {@link #publish} is logged and counted; the events it published into the
 * context are dropped, the step is answered as usual and the lifecycle events are still emitted.
 */
public interface StepEventPublisher {

    /** The name steps use in {@code publishes_events[].publisher}, and {@code metadata.fired_by}; never null. */
    String name();

    /** Whether this publisher wants the step with this {@code workflow_step.name}; default: every step. */
    default boolean shouldHandle(String stepName) {
        return true;
    }

    /**
     * Publishes the step's events by calling {@link StepEventContext#publish} for each.
     *
     * @param context the step, its result and its declared events; never null
     * @return what was published, skipped (with reasons) and what failed; never null
     */
    PublishResult publish(StepEventContext context);
}
