package dev.tasker.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 of HMAC-SHA256(key, {@code id.timestamp.body}); several
 * secrets (a key rotation) give several signatures, space-separated. Pure and thread-safe.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** The {@code webhook-signature} header value. */
    public static String signatureHeader(List<WebhookSecret> secrets, String webhookId, long timestampSeconds,
                                         byte[] body) {
        if (secrets.size() == 1) {
            return sign(secrets.get(0), webhookId, timestampSeconds, body);
        }
        return secrets.stream().map(s -> sign(s, webhookId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    static String sign(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body) {
        Mac mac = secret.hmac();
        mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
        mac.update(body);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    }
}
