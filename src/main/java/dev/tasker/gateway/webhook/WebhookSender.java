package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.RetryAfter;
import dev.tasker.gateway.metrics.GatewayMetrics;
import dev.tasker.gateway.tls.ClientTls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one attempt of one event to one endpoint (contract 4.1): the event JSON with Standard Webhooks
 * headers, CloudEvents binary-mode headers, {@code traceparent} when the step carried one, and a
 * {@code User-Agent}. Redirects are not followed. The {@link DeliveryTargetGuard} is asked first, every
 * attempt; a refusal is a failed attempt with its reason, and the connection goes to exactly the addresses
 * it checked ({@link PinnedDnsResolver}). Each endpoint has its own pooled keep-alive client with its own
 * TLS trust and client certificate ({@link EndpointTls}); a TLS failure is an attempt whose error starts
 * with {@code tls: }. Thread-safe.
 */
public final class WebhookSender {

    private static final int POOL_PER_ENDPOINT = 256;
    /**
     * Each attempt's deadline, cancelled when the attempt ends first (nearly always). Cancelled deadlines are
     * removed at once: kept until they were due (the endpoint's timeout, 10-60 s), a drain at 2,000 attempts/s
     * held some 100,000 of them in the queue.
     */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        return deadlines;
    }

    private final PinnedDnsResolver resolver = new PinnedDnsResolver();
    /**
     * Each endpoint's client, by name: a record's hash code walks all its fields (URL, secrets, lists), which
     * every attempt paid; the endpoint kept beside the client is compared by identity first.
     */
    private final Map<String, EndpointClient> clients = new ConcurrentHashMap<>();

    private record EndpointClient(WebhookEndpoint endpoint, CloseableHttpClient http) {
        boolean serves(WebhookEndpoint other) {
            return endpoint == other || endpoint.equals(other);
        }
    }
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
        return send(endpoint, eventId, eventName, body, null, traceparent);
    }

    /**
     * @param cloudEvent  the event's {@code ce-source} and {@code ce-time}; null: read from the body
     * @param traceparent may be null
     */
    public AttemptResult send(WebhookEndpoint endpoint, String eventId, String eventName, String body,
                              CloudEventAttributes cloudEvent, String traceparent) {
        AttemptResult result = attempt(endpoint, eventId, eventName, body, cloudEvent, traceparent);
        metrics.deliveryAttempted(endpoint.name(), outcome(result), Duration.ofMillis(result.durationMs()));
        return result;
    }

    /** A bounded word for the metrics: delivered, gone, http_4xx, http_5xx, blocked, tls or error. */
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
        if (result.error() != null && result.error().startsWith("tls:")) {
            return "tls";
        }
        return result.error() != null && result.error().startsWith("blocked:") ? "blocked" : "error";
    }

    private AttemptResult attempt(WebhookEndpoint endpoint, String eventId, String eventName, String body,
                                  CloudEventAttributes known, String traceparent) {
        long started = System.nanoTime();
        List<InetAddress> addresses;
        try {
            addresses = guard.checkedAddresses(endpoint.url(), endpoint.allowPrivateNetwork());
        } catch (DeliveryTargetGuard.BlockedTargetException e) {
            return AttemptResult.error("blocked: " + e.getMessage(), elapsedMs(started));
        } catch (RuntimeException e) {
            return AttemptResult.error("target check failed: " + e.getMessage(), elapsedMs(started));
        }
        CloseableHttpClient client;
        try {
            client = client(endpoint);
        } catch (RuntimeException e) {
            return AttemptResult.error("tls: " + e.getMessage(), elapsedMs(started));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpPost request = new HttpPost(endpoint.url());
        request.setHeader("User-Agent", userAgent);
        request.setHeader("webhook-id", eventId);
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setHeader("webhook-signature", WebhookSigner.signatureHeader(endpoint.secrets(), eventId, timestamp,
                bytes));
        request.setHeader("ce-specversion", "1.0");
        request.setHeader("ce-id", eventId);
        request.setHeader("ce-type", eventName);
        CloudEventAttributes cloudEvent = known != null ? known : CloudEventAttributes.of(mapper, bytes);
        request.setHeader("ce-source", cloudEvent.source());
        if (cloudEvent.time() != null) {
            request.setHeader("ce-time", cloudEvent.time());
        }
        if (traceparent != null) {
            request.setHeader("traceparent", traceparent);
        }
        request.setEntity(new ByteArrayEntity(bytes, ContentType.create("application/json")));
        // The socket timeout bounds each read; a receiver that trickles its answer would still hold the attempt
        // (and its slot) for as long as it likes. The whole exchange, body included, gets the endpoint's timeout.
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS);
        resolver.pin(endpoint.url().getHost(), addresses);
        try {
            return client.execute(request, response -> {
                Header retryAfterHeader = response.getFirstHeader("Retry-After");
                Optional<Duration> retryAfter = retryAfterHeader == null ? Optional.empty()
                        : retryAfter(retryAfterHeader.getValue());
                EntityUtils.consume(response.getEntity());
                return AttemptResult.status(response.getCode(), retryAfter, elapsedMs(started));
            });
        } catch (SSLException e) {
            return AttemptResult.error("tls: " + e.getMessage(), elapsedMs(started));
        } catch (InterruptedIOException e) {
            if (expired.get() || e instanceof java.net.SocketTimeoutException) {
                return timedOut(endpoint, started);
            }
            if (Thread.currentThread().isInterrupted()) {
                return AttemptResult.error("interrupted", elapsedMs(started));
            }
            return AttemptResult.error("connection failed: " + e, elapsedMs(started));
        } catch (IOException e) {
            if (expired.get()) {
                return timedOut(endpoint, started);
            }
            return AttemptResult.error("connection failed: " + e, elapsedMs(started));
        } catch (RuntimeException e) {
            return AttemptResult.error("request failed: " + e, elapsedMs(started));
        } finally {
            resolver.release();
            deadline.cancel(false);
        }
    }

    private CloseableHttpClient client(WebhookEndpoint endpoint) {
        EndpointClient known = clients.get(endpoint.name());
        if (known != null && known.serves(endpoint)) {
            return known.http();
        }
        return clients.compute(endpoint.name(), (name, old) -> old != null && old.serves(endpoint) ? old
                : new EndpointClient(endpoint, newClient(endpoint))).http();
    }

    private CloseableHttpClient newClient(WebhookEndpoint endpoint) {
        EndpointTls tls = endpoint.tls();
        SSLContext context = tls.isDefault() ? ClientTls.defaultContext()
                : ClientTls.context(tls.caFile(), tls.clientCertFile(), tls.clientKeyFile());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(context))
                        .setMaxConnTotal(POOL_PER_ENDPOINT)
                        .setMaxConnPerRoute(POOL_PER_ENDPOINT)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofMilliseconds(endpoint.timeout().toMillis()))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    private static AttemptResult timedOut(WebhookEndpoint endpoint, long started) {
        return AttemptResult.error("timeout after " + endpoint.timeout().toMillis() + " ms", elapsedMs(started));
    }

    /** The receiver's {@code Retry-After}: seconds or an HTTP date, as the SDK reads it for API handlers. */
    Optional<Duration> retryAfter(String value) {
        return RetryAfter.parse(value, clock.instant()).map(parsed -> Duration.ofSeconds(parsed.delaySeconds()));
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
