package dev.tasker.gateway.events;

import java.util.List;
import java.util.UUID;

/**
 * What one publisher did for one step.
 *
 * @param publishedIds the {@code event_id}s it published
 * @param skipped      events it chose not to publish, each with its reason (e.g. the payload failed its schema)
 * @param errors       what went wrong, in words
 */
public record PublishResult(List<UUID> publishedIds, List<SkippedEvent> skipped, List<String> errors) {

    public PublishResult {
        publishedIds = List.copyOf(publishedIds);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    /** An event not published, and why. */
    public record SkippedEvent(String eventName, String reason) {
    }

    public static PublishResult nothing() {
        return new PublishResult(List.of(), List.of(), List.of());
    }

    public static PublishResult of(List<UUID> publishedIds, List<SkippedEvent> skipped) {
        return new PublishResult(publishedIds, skipped, List.of());
    }

    public static PublishResult failed(String error) {
        return new PublishResult(List.of(), List.of(), List.of(error));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
