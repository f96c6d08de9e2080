package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Signatures as Standard Webhooks defines them, however often and from however many threads a secret signs. */
class WebhookSignerTest {

    /** The example of the Standard Webhooks specification. */
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsExample() {
        assertThat(WebhookSigner.signatureHeader(List.of(SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY))
                .isEqualTo(EXPECTED);
    }

    @Test
    void aSecretSignsAlikeEveryTimeFromManyThreads() {
        List<CompletableFuture<String>> signatures = IntStream.range(0, 400).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> WebhookSigner.signatureHeader(List.of(SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY)))
                .toList();

        assertThat(signatures).allSatisfy(s -> assertThat(s.join()).isEqualTo(EXPECTED));
    }

    @Test
    void aRotationSignsWithEachSecretInOrder() {
        WebhookSecret other = WebhookSecret.parse("whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY");

        String header = WebhookSigner.signatureHeader(List.of(SECRET, other), "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, BODY);

        assertThat(header.split(" ")).containsExactly(EXPECTED,
                WebhookSigner.signatureHeader(List.of(other), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY));
    }
}
