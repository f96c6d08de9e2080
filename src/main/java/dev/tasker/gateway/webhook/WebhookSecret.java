package dev.tasker.gateway.webhook;

import java.util.Base64;

/**
 * A Standard Webhooks signing secret, written {@code whsec_<base64 key>} with a 24–64 byte key. Its
 * {@link #toString()} never shows the key.
 */
public final class WebhookSecret {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
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
