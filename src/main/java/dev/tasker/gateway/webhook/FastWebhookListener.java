package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.events.PublishedEvent;
import dev.tasker.gateway.events.StepEventListener;
import dev.tasker.gateway.model.DeliveryMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The best-effort immediate delivery of {@code fast} events: one attempt to each matching endpoint, no retry,
 * nothing stored. ({@code broadcast} events go through the outbox instead, so they are not sent twice.)
 */
public final class FastWebhookListener implements StepEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(FastWebhookListener.class);

    private final WebhookConfig config;
    private final WebhookSender sender;
    private final ObjectMapper mapper;

    public FastWebhookListener(WebhookConfig config, WebhookSender sender, ObjectMapper mapper) {
        this.config = config;
        this.sender = sender;
        this.mapper = mapper;
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
        String body;
        try {
            body = mapper.writeValueAsString(published.event());
        } catch (JsonProcessingException e) {
            LOG.warn("fast event {} cannot be written as JSON: {}", published.event().eventId(), e.getMessage());
            return;
        }
        for (WebhookEndpoint endpoint : config.endpointsFor(name, published.event().metadata().namespace())) {
            AttemptResult result = sender.send(endpoint, published.event().eventId().toString(), name, body,
                    traceparent);
            if (!result.delivered()) {
                LOG.info("fast event {} ({}) not delivered to '{}': {}", published.event().eventId(), name,
                        endpoint.name(), result.error() != null ? result.error() : "HTTP " + result.statusCode());
            }
        }
    }
}
