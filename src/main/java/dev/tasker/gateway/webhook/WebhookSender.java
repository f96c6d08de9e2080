package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Sends one attempt of one event to one endpoint (contract 4.1): the event JSON with Standard Webhooks
 * headers, CloudEvents binary-mode headers, {@code traceparent} when the step carried one, and a
 * {@code User-Agent}. Redirects are not followed. The {@link DeliveryTargetGuard} is asked first, every
 * attempt; a refusal is a failed attempt with its reason. Thread-safe.
 */
public final class WebhookSender {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final DeliveryTargetGuard guard;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String userAgent;

    public WebhookSender(DeliveryTargetGuard guard, ObjectMapper mapper, Clock clock) {
        this.guard = guard;
        this.mapper = mapper;
        this.clock = clock;
        String version = WebhookSender.class.getPackage().getImplementationVersion();
        this.userAgent = "tasker-worker-gateway/" + (version == null ? "dev" : version);
    }

    /**
     * @param eventId     the {@code event_id} ({@code webhook-id}, {@code ce-id})
     * @param body        the event JSON
     * @param traceparent may be null
     */
    public AttemptResult send(WebhookEndpoint endpoint, String eventId, String eventName, String body,
                              String traceparent) {
        long started = System.nanoTime();
        try {
            guard.check(endpoint.url(), endpoint.allowPrivateNetwork());
        } catch (DeliveryTargetGuard.BlockedTargetException e) {
            return AttemptResult.error("blocked: " + e.getMessage(), elapsedMs(started));
        } catch (RuntimeException e) {
            return AttemptResult.error("target check failed: " + e.getMessage(), elapsedMs(started));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url())
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signatureHeader(endpoint.secrets(), eventId, timestamp, bytes))
                .header("ce-specversion", "1.0")
                .header("ce-id", eventId)
                .header("ce-type", eventName);
        cloudEventSourceAndTime(body, request);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try {
            HttpResponse<Void> response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.discarding());
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
            return AttemptResult.status(response.statusCode(), retryAfter, elapsedMs(started));
        } catch (HttpTimeoutException e) {
            return AttemptResult.error("timeout after " + endpoint.timeout().toMillis() + " ms", elapsedMs(started));
        } catch (IOException e) {
            return AttemptResult.error("connection failed: " + e, elapsedMs(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AttemptResult.error("interrupted", elapsedMs(started));
        } catch (RuntimeException e) {
            return AttemptResult.error("request failed: " + e, elapsedMs(started));
        }
    }

    private void cloudEventSourceAndTime(String body, HttpRequest.Builder request) {
        try {
            JsonNode event = mapper.readTree(body);
            String namespace = event.at("/metadata/namespace").asText("");
            String taskName = event.at("/payload/task_sequence_step/task/task_name").asText("");
            request.header("ce-source", "/tasker/" + namespace + "/" + taskName);
            String firedAt = event.at("/metadata/fired_at").asText("");
            if (!firedAt.isEmpty()) {
                request.header("ce-time", firedAt);
            }
        } catch (IOException | IllegalArgumentException e) {
            request.header("ce-source", "/tasker");
        }
    }

    Optional<Duration> retryAfter(String value) {
        String text = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
