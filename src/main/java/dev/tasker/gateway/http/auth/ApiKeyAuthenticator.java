package dev.tasker.gateway.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Finds the configured key a client presented. The presented text and every configured key are reduced to
 * SHA-256 digests (32 bytes whatever their length) and the presented digest is compared with every
 * configured one in constant time, without stopping at a match, so neither the position of the first
 * differing byte nor which key matched shows in the time taken. Thread-safe.
 */
public final class ApiKeyAuthenticator {

    private record Entry(ApiKey key, byte[] digest) {
    }

    private final List<Entry> entries;
    private final BiPredicate<byte[], byte[]> comparison;

    public ApiKeyAuthenticator(List<ApiKey> keys) {
        this(keys, ConstantTimeBytes::equal);
    }

    /** @param comparison compares two digests; tests pass a recording one */
    ApiKeyAuthenticator(List<ApiKey> keys, BiPredicate<byte[], byte[]> comparison) {
        this.entries = keys.stream().map(k -> new Entry(k, sha256(k.key()))).toList();
        this.comparison = comparison;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The key whose secret equals {@code presented}, if any. */
    public Optional<ApiKey> authenticate(String presented) {
        byte[] digest = sha256(presented);
        ApiKey match = null;
        for (Entry entry : entries) {
            boolean equal = comparison.test(digest, entry.digest());
            match = equal && match == null ? entry.key() : match;
        }
        return Optional.ofNullable(match);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
