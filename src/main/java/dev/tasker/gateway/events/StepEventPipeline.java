package dev.tasker.gateway.events;

import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.model.EventDeclaration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one executed step into its events: the step's publisher (named by its first declared event, the
 * default when null or unknown) publishes the declared events, then the lifecycle event is added. A
 * publisher that throws or reports errors is logged and counted; it never fails the step. Thread-safe.
 */
public final class StepEventPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(StepEventPipeline.class);

    private final PublisherRegistry publishers;
    private final EventStats stats;
    private final Clock clock;

    public StepEventPipeline(PublisherRegistry publishers, EventStats stats, Clock clock) {
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The events of a step that ran now (not a replay); never throws for a publisher's failure. */
    public List<PublishedEvent> eventsOf(ExecutedStep executed) {
        String handlerName = executed.handler() == null ? null : executed.handler().name();
        List<PublishedEvent> events = new ArrayList<>(declaredEvents(executed, handlerName));
        StepEventContext lifecycle = new StepEventContext(executed.step(), executed.result(), handlerName,
                publishers.defaultPublisher().name(), clock);
        LifecycleEvents.publish(lifecycle);
        for (PublishedEvent event : lifecycle.published()) {
            stats.published(event.event().eventName(), lifecycle.publisherName());
            events.add(event);
        }
        return events;
    }

    private List<PublishedEvent> declaredEvents(ExecutedStep executed, String handlerName) {
        List<EventDeclaration> declared = executed.step().stepDefinition() == null ? List.of()
                : executed.step().stepDefinition().publishesEvents();
        if (declared.isEmpty()) {
            return List.of();
        }
        StepEventPublisher publisher = publishers.getOrDefault(declared.get(0).publisher());
        StepEventContext context = new StepEventContext(executed.step(), executed.result(), handlerName,
                publisher.name(), clock);
        PublishResult result;
        try {
            if (!publisher.shouldHandle(context.stepName())) {
                return List.of();
            }
            result = publisher.publish(context);
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            // a publisher's fault never fails the step (a plugin's code included); only running out of memory
            // and the like go further up
            LOG.error("event publisher '{}' failed for step {}; its events are dropped", publisher.name(),
                    context.stepUuid(), e);
            stats.failed("*", publisher.name());
            return List.of();
        }
        if (result == null) {
            result = PublishResult.nothing();
        }
        for (PublishResult.SkippedEvent skipped : result.skipped()) {
            LOG.warn("event '{}' of step {} skipped by '{}': {}", skipped.eventName(), context.stepUuid(),
                    publisher.name(), skipped.reason());
            stats.skipped(skipped.eventName(), publisher.name());
        }
        for (String error : result.errors()) {
            LOG.warn("event publisher '{}' reported for step {}: {}", publisher.name(), context.stepUuid(), error);
            stats.failed("*", publisher.name());
        }
        List<PublishedEvent> published = context.published();
        published.forEach(e -> stats.published(e.event().eventName(), publisher.name()));
        return published;
    }
}
