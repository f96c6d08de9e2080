package dev.tasker.gateway.events;

import dev.tasker.gateway.model.DeliveryMode;
import dev.tasker.gateway.model.EventDeclaration;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.Uuids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One executed step as a publisher sees it: the step as received, its final result, its declared events,
 * and {@link #publish} to emit events in the contract's envelope. One context serves one publisher for one
 * step, on one thread; it is not thread-safe.
 */
public final class StepEventContext {

    private final TaskSequenceStep step;
    private final StepExecutionResult result;
    private final String handlerName;
    private final String publisherName;
    private final Clock clock;
    private final List<PublishedEvent> published = new ArrayList<>();

    /**
     * @param step          a normalized step (ids filled in)
     * @param result        its final result
     * @param handlerName   the handler it ran on
     * @param publisherName written to {@code metadata.fired_by}
     */
    public StepEventContext(TaskSequenceStep step, StepExecutionResult result, String handlerName,
                            String publisherName, Clock clock) {
        this.step = Objects.requireNonNull(step, "step");
        this.result = Objects.requireNonNull(result, "result");
        this.handlerName = handlerName;
        this.publisherName = Objects.requireNonNull(publisherName, "publisherName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The step as received, with generated ids filled in. */
    public TaskSequenceStep step() {
        return step;
    }

    /** The step's final result, exactly as answered. */
    public StepExecutionResult result() {
        return result;
    }

    public UUID taskUuid() {
        return step.task() == null || step.task().task() == null ? null : step.task().task().taskUuid();
    }

    public UUID stepUuid() {
        return step.workflowStep().workflowStepUuid();
    }

    /** {@code workflow_step.name}. */
    public String stepName() {
        return step.workflowStep().name();
    }

    /** {@code task.namespace_name}, may be null. */
    public String namespace() {
        return step.task() == null ? null : step.task().namespaceName();
    }

    /** {@code task.task_name}, may be null. */
    public String taskName() {
        return step.task() == null ? null : step.task().taskName();
    }

    public UUID correlationId() {
        return step.task() == null || step.task().task() == null ? null : step.task().task().correlationId();
    }

    /** The handler the step ran on, may be null. */
    public String handlerName() {
        return handlerName;
    }

    public boolean stepSucceeded() {
        return result.success();
    }

    /** {@code step_definition.publishes_events}, in declared order; never null. */
    public List<EventDeclaration> declaredEvents() {
        return step.stepDefinition() == null ? List.of() : step.stepDefinition().publishesEvents();
    }

    public boolean isEventDeclared(String eventName) {
        return declaration(eventName).isPresent();
    }

    /** The declaration of an event by name. */
    public Optional<EventDeclaration> declaration(String eventName) {
        return declaredEvents().stream().filter(d -> d.name().equals(eventName)).findFirst();
    }

    /** The publisher's name, written to {@code metadata.fired_by}. */
    public String publisherName() {
        return publisherName;
    }

    /** Publishes a declared event with its delivery mode; returns its {@code event_id}. */
    public UUID publish(EventDeclaration declaration, Object businessPayload) {
        return publish(declaration.name(), businessPayload, declaration.deliveryMode());
    }

    /**
     * Publishes an event in the contract envelope: a new UUID v7 {@code event_id}, {@code fired_at} now.
     *
     * @param eventName       dotted name
     * @param businessPayload {@code payload.payload}; any JSON value, may be null
     * @param mode            durable (outbox), fast (in process) or broadcast (both)
     * @return the {@code event_id}
     */
    public UUID publish(String eventName, Object businessPayload, DeliveryMode mode) {
        Objects.requireNonNull(eventName, "eventName");
        UUID eventId = Uuids.v7();
        DomainEvent event = new DomainEvent(eventId, eventName, DomainEvent.VERSION,
                new DomainEvent.Payload(step, result, businessPayload),
                new DomainEvent.Metadata(taskUuid(), stepUuid(), stepName(), namespace(), correlationId(),
                        clock.instant(), publisherName));
        published.add(new PublishedEvent(event, mode == null ? DeliveryMode.DURABLE : mode, taskName()));
        return eventId;
    }

    /** Everything published through this context so far. */
    public List<PublishedEvent> published() {
        return List.copyOf(published);
    }
}
