package dev.tasker.gateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.events.FastEventDispatcher;
import dev.tasker.gateway.events.PublishedEvent;
import dev.tasker.gateway.events.StepEventPipeline;
import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.execution.StepFingerprint;
import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.execution.StepNotRecordedException;
import dev.tasker.gateway.execution.StepRecorder;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.store.GroupCommitWriter;
import dev.tasker.gateway.store.OutboxEvent;
import dev.tasker.gateway.store.StepCommit;
import dev.tasker.gateway.store.StoreException;
import dev.tasker.gateway.webhook.CloudEventAttributes;
import dev.tasker.gateway.webhook.WebhookConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an executed step: its events from the {@link StepEventPipeline}, then one group-committed write of
 * its result and its durable events with a delivery per matching webhook endpoint, then the fast events to
 * in-process listeners. The step is answered only after the write committed; a failed write refuses the
 * answer ({@link StepNotRecordedException}, 503) so that no answered step's events can be lost. A durable
 * event that no configured endpoint subscribes to is not written unless {@code store_unrouted_events} is on:
 * nothing could deliver it, and writing it cost most of a step's store time (the event carries the whole step
 * and result); only a replay to an endpoint added later could have sent it.
 */
final class OutboxStepRecorder implements StepRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxStepRecorder.class);
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final StepEventPipeline pipeline;
    private final FastEventDispatcher fast;
    private final WebhookConfig webhooks;
    private final GroupCommitWriter writer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration resultTtl;
    private final DoubleSupplier random;
    private final boolean storeUnrouted;
    private final boolean releasesClaims;

    /**
     * @param storeUnrouted  keep durable events no endpoint subscribes to (store_unrouted_events)
     * @param releasesClaims whether attempts are claimed in the store, so that each result's commit ends its claim
     */
    OutboxStepRecorder(StepEventPipeline pipeline, FastEventDispatcher fast, WebhookConfig webhooks,
                       GroupCommitWriter writer, ObjectMapper mapper, Clock clock, Duration resultTtl,
                       DoubleSupplier random, boolean storeUnrouted, boolean releasesClaims) {
        this.pipeline = pipeline;
        this.fast = fast;
        this.webhooks = webhooks;
        this.writer = writer;
        this.mapper = mapper;
        this.clock = clock;
        this.resultTtl = resultTtl;
        this.random = random;
        this.storeUnrouted = storeUnrouted;
        this.releasesClaims = releasesClaims;
    }

    @Override
    public ExecutedStep record(ExecutedStep executed, StepFingerprint fingerprint, String traceparent) {
        List<PublishedEvent> events = pipeline.eventsOf(executed);
        Instant now = clock.instant();
        String trace = traceparent != null && TRACEPARENT.matcher(traceparent.trim()).matches()
                ? traceparent.trim() : null;
        try {
            List<OutboxEvent> outbox = new ArrayList<>();
            for (PublishedEvent event : events) {
                if (event.durable()) {
                    outboxEvent(event, trace, now).ifPresent(outbox::add);
                }
            }
            StepKey key = StepKey.of(executed.step());
            String resultJson = executed.resultJson() != null
                    ? new String(executed.resultJson(), StandardCharsets.UTF_8)
                    : mapper.writeValueAsString(executed.result());
            Optional<GroupCommitWriter.Kept> stored = writer.write(new StepCommit(key, resultJson,
                    fingerprint.encoded(), now, now.plus(resultTtl), outbox, releasesClaims));
            if (stored.isPresent()) {
                fingerprint.requireSameAs(key, StepFingerprint.decode(stored.get().fingerprint()).orElse(null));
                // another instance sharing the store ran this attempt too and committed first: answer its
                // result, whose events are the ones stored, so every caller sees the same outcome
                LOG.info("step {} attempt {} was already recorded by another instance; answering the stored "
                        + "result (this run's result and events are dropped)", key.stepUuid(), key.attempts());
                return new ExecutedStep(executed.step(), executed.handler(),
                        mapper.readValue(stored.get().resultJson(), StepExecutionResult.class), true,
                        stored.get().resultJson().getBytes(StandardCharsets.UTF_8));
            }
        } catch (StoreException | JsonProcessingException e) {
            // the cause (SQL, the store's own words) is for operators, in the log under this request's id
            LOG.error("step {} ran but its result and events could not be stored; it is answered 503",
                    executed.step().workflowStep().workflowStepUuid(), e);
            throw new StepNotRecordedException("the step ran but its result and events could not be stored "
                    + "(the cause is logged under this request_id); send it again", e);
        }
        fast.dispatch(events, trace);
        return executed;
    }

    /**
     * The event as the outbox stores it; empty when no endpoint subscribes to it (unless unrouted events are
     * stored), or (logged) when a publisher's payload cannot be written as JSON.
     */
    private Optional<OutboxEvent> outboxEvent(PublishedEvent published, String traceparent, Instant now) {
        String name = published.event().eventName();
        String namespace = published.event().metadata().namespace();
        List<OutboxEvent.NewDelivery> deliveries = webhooks.endpointsFor(name, namespace).stream()
                .map(endpoint -> new OutboxEvent.NewDelivery(endpoint.name(),
                        now.plus(endpoint.retrySchedule().delayBefore(1, random).orElse(Duration.ZERO))))
                .toList();
        if (deliveries.isEmpty() && !storeUnrouted) {
            return Optional.empty();
        }
        String body;
        try {
            body = mapper.writeValueAsString(published.event());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("event {} ({}) of step {} dropped: its payload cannot be written as JSON: {}",
                    published.event().eventId(), published.event().eventName(),
                    published.event().metadata().stepUuid(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new OutboxEvent(published.event().eventId(), name, namespace,
                published.event().metadata().stepUuid(), body, CloudEventAttributes.forStorage(published.event()),
                traceparent, deliveries));
    }
}
