package dev.tasker.gateway.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.events.EventStats;
import dev.tasker.gateway.events.PublisherRegistry;
import dev.tasker.gateway.store.AttemptWriter;
import dev.tasker.gateway.store.GroupCommitWriter;
import dev.tasker.gateway.webhook.WebhookOperations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Event counts: published, skipped and failed per event and publisher (this instance), and the outbox. */
@Singleton
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public final class EventsResource {

    /** The body of {@code GET /v1/events/stats}. */
    public record Stats(@JsonProperty("publishers") List<String> publishers,
                        @JsonProperty("events") List<EventStats.Row> events,
                        @JsonProperty("outbox") Outbox outbox) {
    }

    /**
     * Stored events and delivery counts by endpoint and state (shared by every instance on the store), and
     * this instance's group commits: step records committed and the transactions they took, and delivery
     * attempts recorded and the transactions they took.
     */
    public record Outbox(@JsonProperty("stored_events") long storedEvents,
                         @JsonProperty("deliveries") Map<String, Map<String, Long>> deliveries,
                         @JsonProperty("committed_steps") long committedSteps,
                         @JsonProperty("commit_transactions") long commitTransactions,
                         @JsonProperty("recorded_attempts") long recordedAttempts,
                         @JsonProperty("attempt_transactions") long attemptTransactions) {
    }

    private final EventStats stats;
    private final PublisherRegistry publishers;
    private final WebhookOperations webhooks;
    private final GroupCommitWriter writer;
    private final AttemptWriter attempts;

    @Inject
    public EventsResource(EventStats stats, PublisherRegistry publishers, WebhookOperations webhooks,
                          GroupCommitWriter writer, AttemptWriter attempts) {
        this.stats = stats;
        this.publishers = publishers;
        this.webhooks = webhooks;
        this.writer = writer;
        this.attempts = attempts;
    }

    @GET
    @Path("stats")
    public Stats stats() {
        return new Stats(publishers.registeredNames(), stats.rows(),
                new Outbox(webhooks.storedEvents(), webhooks.deliveryCounts(), writer.commits(), writer.batches(),
                        attempts.attempts(), attempts.batches()));
    }
}
