package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.RetryAfter;
import dev.tasker.gateway.metrics.GatewayMetrics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final GatewayMetrics metrics;

    public WebhookSender(DeliveryTargetGuard guard, ObjectMapper mapper, Clock clock) {
        this(guard, mapper, clock, GatewayMetrics.NOOP);
    }

    /** @param metrics told of every attempt: endpoint, outcome and latency */
    public WebhookSender(DeliveryTargetGuard guard, ObjectMapper mapper, Clock clock, GatewayMetrics metrics) {
        this.metrics = metrics;
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
        AttemptResult result = attempt(endpoint, eventId, eventName, body, traceparent);
        metrics.deliveryAttempted(endpoint.name(), outcome(result), Duration.ofMillis(result.durationMs()));
        return result;
    }

    /** A bounded word for the metrics: delivered, gone, http_4xx, http_5xx, blocked or error. */
    static String outcome(AttemptResult result) {
        if (result.delivered()) {
            return "delivered";
        }
        if (result.gone()) {
            return "gone";
        }
        if (result.statusCode() != null) {
            return "http_" + result.statusCode() / 100 + "xx";
        }
        return result.error() != null && result.error().startsWith("blocked:") ? "blocked" : "error";
    }

    private AttemptResult attempt(WebhookEndpoint endpoint, String eventId, String eventName, String body,
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
        // The request timeout only covers the wait for the response headers; a receiver that then trickles
        // its body would hold the attempt (and its slot) for as long as it likes. The whole exchange, body
        // included, gets the endpoint's timeout.
        CompletableFuture<HttpResponse<Void>> exchange;
        try {
            exchange = client.sendAsync(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            return AttemptResult.error("request failed: " + e, elapsedMs(started));
        }
        try {
            HttpResponse<Void> response = exchange.get(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
            return AttemptResult.status(response.statusCode(), retryAfter, elapsedMs(started));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return timedOut(endpoint, started);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return timedOut(endpoint, started);
            }
            if (cause instanceof IOException) {
                return AttemptResult.error("connection failed: " + cause, elapsedMs(started));
            }
            return AttemptResult.error("request failed: " + cause, elapsedMs(started));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return AttemptResult.error("interrupted", elapsedMs(started));
        }
    }

    private static AttemptResult timedOut(WebhookEndpoint endpoint, long started) {
        return AttemptResult.error("timeout after " + endpoint.timeout().toMillis() + " ms", elapsedMs(started));
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

    /** The receiver's {@code Retry-After}: seconds or an HTTP date, as the SDK reads it for API handlers. */
    Optional<Duration> retryAfter(String value) {
        return RetryAfter.parse(value, clock.instant()).map(parsed -> Duration.ofSeconds(parsed.delaySeconds()));
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
