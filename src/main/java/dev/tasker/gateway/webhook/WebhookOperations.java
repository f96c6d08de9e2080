package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the operations API does with webhooks: list endpoints (never their secrets) with their state, read
 * the delivery log, retry one delivery, replay an endpoint's events since a time. Retrying or replaying to a
 * disabled endpoint enables it again. Thread-safe.
 */
public final class WebhookOperations {

    /** One endpoint as {@code GET /v1/webhooks} shows it. */
    public record EndpointView(@JsonProperty("name") String name,
                               @JsonProperty("url") String url,
                               @JsonProperty("events") List<String> events,
                               @JsonProperty("namespaces") List<String> namespaces,
                               @JsonProperty("timeout_ms") long timeoutMs,
                               @JsonProperty("retry_schedule_ms") List<Long> retryScheduleMs,
                               @JsonProperty("allow_private_network") boolean allowPrivateNetwork,
                               @JsonProperty("max_in_flight") int maxInFlight,
                               @JsonProperty("state") String state,
                               @JsonProperty("consecutive_failures") int consecutiveFailures,
                               @JsonProperty("disabled_reason") String disabledReason,
                               @JsonProperty("deliveries") Map<String, Long> deliveries) {
    }

    private final WebhookConfig config;
    private final DeliveryQueue queue;
    private final DeliveryLog log;
    private final Runnable wake;
    private final Clock clock;

    public WebhookOperations(WebhookConfig config, DeliveryQueue queue, DeliveryLog log, Runnable wake, Clock clock) {
        this.config = config;
        this.queue = queue;
        this.log = log;
        this.wake = wake;
        this.clock = clock;
    }

    public List<EndpointView> endpoints() {
        Map<String, DeliveryQueue.EndpointStatus> statuses = queue.endpointStatuses();
        Map<String, Map<DeliveryState, Long>> counts = log.counts();
        return config.endpoints().stream().map(e -> {
            DeliveryQueue.EndpointStatus status = statuses.getOrDefault(e.name(),
                    new DeliveryQueue.EndpointStatus(0, null, null));
            return new EndpointView(e.name(), e.url().toString(), e.events(), e.namespaces(), e.timeout().toMillis(),
                    e.retrySchedule().delays().stream().map(Duration::toMillis).toList(), e.allowPrivateNetwork(),
                    e.maxInFlight(), status.disabled() ? "disabled" : "enabled", status.consecutiveFailures(),
                    status.disabledReason(), byWireName(counts.getOrDefault(e.name(), Map.of())));
        }).toList();
    }

    public boolean hasEndpoint(String name) {
        return config.endpoint(name).isPresent();
    }

    public List<DeliveryLog.DeliveryView> deliveries(Optional<DeliveryState> state, Optional<String> endpoint,
                                                       int limit) {
        return log.deliveries(state, endpoint, limit);
    }

    /** Sends a delivery again with a fresh schedule; empty when it does not exist. */
    public Optional<DeliveryLog.DeliveryView> retry(UUID deliveryId) {
        Optional<DeliveryLog.DeliveryView> delivery = log.delivery(deliveryId);
        if (delivery.isEmpty()) {
            return Optional.empty();
        }
        log.retry(deliveryId, clock.instant()); // before enabling, for the reason replay gives
        enable(delivery.get().endpoint());
        wake.run();
        return log.delivery(deliveryId);
    }

    /** Makes every stored event since {@code since} due to the endpoint again; returns how many. */
    public int replay(String endpointName, Instant since) {
        WebhookEndpoint endpoint = config.endpoint(endpointName).orElseThrow();
        // reset the deliveries while the endpoint is still disabled, then enable it: enabled first, the
        // dispatcher could send a failed delivery that the reset then makes due a second time
        int replayed = log.replay(endpoint, since, clock.instant());
        enable(endpointName);
        wake.run();
        return replayed;
    }

    /** Delivery counts by endpoint and state ({@code pending}, {@code delivered}, ...). */
    public Map<String, Map<String, Long>> deliveryCounts() {
        Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
        log.counts().forEach((endpoint, byState) -> counts.put(endpoint, byWireName(byState)));
        return counts;
    }

    private static Map<String, Long> byWireName(Map<DeliveryState, Long> byState) {
        Map<String, Long> out = new java.util.TreeMap<>();
        byState.forEach((state, n) -> out.put(state.wireName(), n));
        return out;
    }

    public long storedEvents() {
        return log.storedEvents();
    }

    private void enable(String endpoint) {
        DeliveryQueue.EndpointStatus status = queue.endpointStatuses().get(endpoint);
        if (status != null && status.disabled()) {
            queue.setEndpointDisabled(endpoint, null, clock.instant());
        }
    }
}
