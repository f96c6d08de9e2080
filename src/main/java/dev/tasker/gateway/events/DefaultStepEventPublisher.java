package dev.tasker.gateway.events;

import dev.tasker.gateway.model.EventDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The publisher of steps that name none: for each declared event whose condition holds for the result
 * (contract 4: {@code success}, {@code failure}, {@code retryable_failure}, {@code permanent_failure} from
 * {@code metadata.retryable}, {@code always}), the business payload is the step's {@code result}, validated
 * against the declared schema; an invalid payload is skipped with its reason. Thread-safe.
 */
public final class DefaultStepEventPublisher implements StepEventPublisher {

    /** The default publisher's name, as the Rust core writes it in {@code fired_by}. */
    public static final String NAME = "DefaultDomainEventPublisher";

    private final PayloadSchemaValidator validator;

    public DefaultStepEventPublisher(PayloadSchemaValidator validator) {
        this.validator = validator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PublishResult publish(StepEventContext context) {
        List<UUID> published = new ArrayList<>();
        List<PublishResult.SkippedEvent> skipped = new ArrayList<>();
        for (EventDeclaration declaration : context.declaredEvents()) {
            if (!declaration.condition().holdsFor(context.result())) {
                continue;
            }
            Object payload = context.result().result();
            List<String> problems = validator.problems(declaration.schema(), payload);
            if (!problems.isEmpty()) {
                skipped.add(new PublishResult.SkippedEvent(declaration.name(),
                        "payload does not match its schema: " + String.join("; ", problems)));
                continue;
            }
            published.add(context.publish(declaration, payload));
        }
        return PublishResult.of(published, skipped);
    }
}
