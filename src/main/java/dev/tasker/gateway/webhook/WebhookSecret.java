package dev.tasker.gateway.webhook;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks signing secret, written {@code whsec_<base64 key>} with a 24–64 byte key. Its
 * {@link #toString()} never shows the key.
 */
public final class WebhookSecret {

    private static final String PREFIX = "whsec_";

    private final byte[] key;
    /** HmacSHA256 keyed with this secret, never updated: each signature works on a clone of it. */
    private final Mac keyed;

    private WebhookSecret(byte[] key) {
        this.key = key;
        this.keyed = newMac(key);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * A new HmacSHA256 keyed with this secret, for one signature: a clone of one keyed once (looking up the
     * provider and keying it were most of the cost of a signature), or keyed anew where cloning is not supported.
     */
    Mac hmac() {
        try {
            return (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(key);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not {@code whsec_} + base64 of 24 to 64 bytes (the
     *                                  message never contains the text)
     */
    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must start with whsec_");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be whsec_ followed by base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("key must be 24 to 64 bytes, got " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** A copy of the key bytes. */
    byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "whsec_***";
    }
}
