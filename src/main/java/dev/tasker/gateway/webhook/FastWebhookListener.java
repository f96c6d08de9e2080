package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.events.PublishedEvent;
import dev.tasker.gateway.events.StepEventListener;
import dev.tasker.gateway.model.DeliveryMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The best-effort immediate delivery of {@code fast} events: one attempt to each matching endpoint, no retry,
 * nothing stored. ({@code broadcast} events go through the outbox instead, so they are not sent twice.)
 * As on the outbox path, a disabled endpoint is skipped and a {@code 410 Gone} disables the endpoint.
 */
public final class FastWebhookListener implements StepEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(FastWebhookListener.class);

    private final WebhookConfig config;
    private final WebhookSender sender;
    private final ObjectMapper mapper;
    private final DeliveryQueue queue;
    private final Clock clock;

    public FastWebhookListener(WebhookConfig config, WebhookSender sender, ObjectMapper mapper, DeliveryQueue queue,
                               Clock clock) {
        this.config = config;
        this.sender = sender;
        this.mapper = mapper;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public void onEvent(PublishedEvent published) {
        onEvent(published, null);
    }

    /** Sends with the step request's {@code traceparent}, as the outbox deliveries do (contract 4.1). */
    @Override
    public void onEvent(PublishedEvent published, String traceparent) {
        if (published.deliveryMode() != DeliveryMode.FAST) {
            return;
        }
        String name = published.event().eventName();
        List<WebhookEndpoint> endpoints = config.endpointsFor(name, published.event().metadata().namespace());
        if (endpoints.isEmpty()) {
            return; // nothing to send: no JSON to write, no endpoint states to read
        }
        String body;
        try {
            body = mapper.writeValueAsString(published.event());
        } catch (JsonProcessingException e) {
            LOG.warn("fast event {} cannot be written as JSON: {}", published.event().eventId(), e.getMessage());
            return;
        }
        CloudEventAttributes cloudEvent = CloudEventAttributes.forStorage(published.event());
        Map<String, DeliveryQueue.EndpointStatus> statuses = endpointStatuses();
        for (WebhookEndpoint endpoint : endpoints) {
            DeliveryQueue.EndpointStatus status = statuses.get(endpoint.name());
            if (status != null && status.disabled()) {
                continue;
            }
            Instant attemptedAt = clock.instant();
            AttemptResult result = sender.send(endpoint, published.event().eventId().toString(), name, body,
                    cloudEvent, traceparent);
            if (result.gone()) {
                disable(endpoint, attemptedAt);
            } else if (!result.delivered()) {
                LOG.info("fast event {} ({}) not delivered to '{}': {}", published.event().eventId(), name,
                        endpoint.name(), result.error() != null ? result.error() : "HTTP " + result.statusCode());
            }
        }
    }

    /** The endpoints' states; none known (so every endpoint is tried) when the store does not answer. */
    private Map<String, DeliveryQueue.EndpointStatus> endpointStatuses() {
        try {
            return queue.endpointStatuses();
        } catch (RuntimeException e) {
            LOG.warn("fast delivery cannot read endpoint states, trying every endpoint: {}", e.getMessage());
            return Map.of();
        }
    }

    private void disable(WebhookEndpoint endpoint, Instant attemptedAt) {
        try {
            queue.disableAsGone(endpoint.name(), attemptedAt, clock.instant());
            LOG.warn("webhook endpoint '{}' answered 410 Gone to a fast event and is disabled", endpoint.name());
        } catch (RuntimeException e) {
            LOG.warn("webhook endpoint '{}' answered 410 Gone but could not be disabled: {}", endpoint.name(),
                    e.getMessage());
        }
    }
}
