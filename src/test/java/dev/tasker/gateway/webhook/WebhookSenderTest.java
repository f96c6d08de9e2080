package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.LocalHttpServer;
import dev.tasker.gateway.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    private static final String BODY = "{\"event_id\":\"e1\",\"metadata\":{\"namespace\":\"ns\",\"fired_at\":\"2025-11-28T14:50:35.702915Z\"},"
            + "\"payload\":{\"task_sequence_step\":{\"task\":{\"task_name\":\"tn\"}}}}";

    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookEndpoint endpoint(Duration timeout, boolean allowPrivate) {
        return new WebhookEndpoint("e", receiver.url(), List.of(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
                List.of("*"), List.of(), timeout, RetrySchedule.DEFAULT, allowPrivate, 1);
    }

    private static WebhookSender sender(DeliveryTargetGuard guard) {
        return new WebhookSender(guard, WireJson.newObjectMapper(), Clock.systemUTC());
    }

    @Test
    void refusalByTheGuardIsAFailedAttemptWithItsReasonAndNothingIsSent() {
        List<String> asked = new ArrayList<>();
        DeliveryTargetGuard guard = (target, allowPrivate) -> {
            asked.add(target + " " + allowPrivate);
            throw new DeliveryTargetGuard.BlockedTargetException("127.0.0.1 is a loopback address");
        };

        AttemptResult result = sender(guard).send(endpoint(Duration.ofSeconds(5), false), "e1", "x.y", BODY, null);

        assertThat(result.delivered()).isFalse();
        assertThat(result.statusCode()).isNull();
        assertThat(result.error()).isEqualTo("blocked: 127.0.0.1 is a loopback address");
        assertThat(asked).containsExactly(receiver.url() + " false");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void theEndpointsPrivateNetworkOptInIsPassedToTheGuard() {
        List<Boolean> asked = new ArrayList<>();

        sender((target, allowPrivate) -> asked.add(allowPrivate)).send(endpoint(Duration.ofSeconds(5), true), "e1",
                "x.y", BODY, null);

        assertThat(asked).containsExactly(true);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        receiver.redirectTo("/moved");

        AttemptResult result = sender(DeliveryTargetGuard.ALLOW_ALL).send(endpoint(Duration.ofSeconds(5), true), "e1",
                "x.y", BODY, null);

        assertThat(result.statusCode()).isEqualTo(302);
        assertThat(result.delivered()).isFalse();
        assertThat(receiver.received(WebhookReceiver.at("/hooks"))).hasSize(1);
        assertThat(receiver.received(WebhookReceiver.at("/moved"))).as("requests to the redirect target").isEmpty();
        // the redirect does lead somewhere: a client that follows redirects reaches the target
        HttpResponse<Void> followed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(receiver.url()).POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(receiver.received(WebhookReceiver.at("/moved"))).hasSize(1);
    }

    @Test
    void slowReceiverIsATimeout() {
        receiver.hold();

        AttemptResult result = sender(DeliveryTargetGuard.ALLOW_ALL).send(endpoint(Duration.ofMillis(300), true), "e1",
                "x.y", BODY, null);

        assertThat(result.error()).startsWith("timeout");
    }

    @Test
    void receiverThatSendsHeadersThenStallsTheBodyIsATimeout() {
        // 200 and the first byte of the body at once, then nothing for far longer than the endpoint's timeout
        CountDownLatch release = new CountDownLatch(1);
        try (LocalHttpServer stalling = LocalHttpServer.start().route("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        })) {
            WebhookEndpoint endpoint = new WebhookEndpoint("e", URI.create(stalling.url("/hook")),
                    List.of(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), List.of("*"), List.of(),
                    Duration.ofMillis(300), RetrySchedule.DEFAULT, true, 1);

            AttemptResult result = sender(DeliveryTargetGuard.ALLOW_ALL).send(endpoint, "e1", "x.y", BODY, null);
            release.countDown();

            assertThat(result.delivered()).as("an attempt that outlives its timeout is not delivered").isFalse();
            assertThat(result.error()).startsWith("timeout");
        } finally {
            release.countDown();
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        receiver.answer(429).withRetryAfter("7");
        AttemptResult result = sender(DeliveryTargetGuard.ALLOW_ALL).send(endpoint(Duration.ofSeconds(5), true), "e1",
                "x.y", BODY, null);
        assertThat(result.retryAfter()).hasValue(Duration.ofSeconds(7));

        WebhookSender fixed = new WebhookSender(DeliveryTargetGuard.ALLOW_ALL, WireJson.newObjectMapper(),
                Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC));
        assertThat(fixed.retryAfter("Wed, 21 Oct 2015 07:30:00 GMT")).hasValue(Duration.ofMinutes(2));
        assertThat(fixed.retryAfter("Wednesday, 21-Oct-15 07:30:00 GMT")).hasValue(Duration.ofMinutes(2));
        assertThat(fixed.retryAfter("soon")).isEqualTo(Optional.empty());
    }

    @Test
    void unreachableReceiverIsAConnectionError() {
        WebhookEndpoint closed = new WebhookEndpoint("e", URI.create("http://127.0.0.1:9/never"),
                List.of(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), List.of("*"), List.of(),
                Duration.ofSeconds(5), RetrySchedule.DEFAULT, true, 1);

        AttemptResult result = sender(DeliveryTargetGuard.ALLOW_ALL).send(closed, "e1", "x.y", BODY, null);

        assertThat(result.error()).startsWith("connection failed");
    }
}
