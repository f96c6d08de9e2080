package dev.tasker.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
        return secrets.stream().map(s -> sign(s, webhookId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    static String sign(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
