package dev.tasker.gateway.http.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys from a JWK set URL, cached. The set is fetched on first use, again once it is older than the
 * cache TTL, and again when a token names a {@code kid} the cached set lacks (a rotated key); but never twice
 * within the minimum refresh interval, whatever asks, so a stream of tokens with made-up {@code kid}s cannot
 * make the gateway hammer the identity provider. A failed fetch (the provider down, an invalid set) keeps the
 * cached keys. Thread-safe: fetches are serialized.
 */
public final class JwksJwtKeys implements JwtKeys {

    /** Fetches the JWK set's JSON text. */
    @FunctionalInterface
    public interface Fetcher {
        String fetch() throws IOException, InterruptedException;
    }

    static final int MAX_BYTES = 1 << 20;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(JwksJwtKeys.class);

    private final URI url;
    private final Fetcher fetcher;
    private final Duration cacheTtl;
    private final Duration minRefresh;
    private final Clock clock;

    private volatile List<JWK> keys;
    private volatile Instant fetchedAt;
    private Instant lastAttempt;

    JwksJwtKeys(URI url, Fetcher fetcher, Duration cacheTtl, Duration minRefresh, Clock clock) {
        this.url = url;
        this.fetcher = fetcher;
        this.cacheTtl = cacheTtl;
        this.minRefresh = minRefresh;
        this.clock = clock;
    }

    /** Keys from {@code url} over HTTP(S), with the JVM's trust for HTTPS. */
    public static JwksJwtKeys fromUrl(URI url, Duration cacheTtl, Duration minRefresh, Clock clock) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new JwksJwtKeys(url, () -> httpGet(client, url), cacheTtl, minRefresh, clock);
    }

    @Override
    public List<JWK> forKid(String kid) throws JwtKeysUnavailableException {
        List<JWK> current = keys;
        if (current == null || clock.instant().isAfter(fetchedAt.plus(cacheTtl))) {
            current = refresh();
        }
        List<JWK> matching = JwtKeys.matching(current, kid);
        if (matching.isEmpty() && kid != null) {
            matching = JwtKeys.matching(refresh(), kid);
        }
        return matching;
    }

    /** Fetches the set unless one was tried within the minimum interval; answers the keys then cached. */
    private synchronized List<JWK> refresh() throws JwtKeysUnavailableException {
        Instant now = clock.instant();
        if (lastAttempt == null || !now.isBefore(lastAttempt.plus(minRefresh))) {
            lastAttempt = now;
            fetch(now);
        }
        if (keys == null) {
            throw new JwtKeysUnavailableException("the signing keys at " + url + " could not be fetched yet");
        }
        return keys;
    }

    private void fetch(Instant now) {
        try {
            List<JWK> fetched = JWKSet.parse(fetcher.fetch()).toPublicJWKSet().getKeys().stream()
                    .filter(key -> key.getKeyUse() == null || "sig".equals(key.getKeyUse().identifier()))
                    .toList();
            keys = fetched;
            fetchedAt = now;
            LOG.info("JWKS {}: {} signing keys (kid {})", url, fetched.size(),
                    fetched.stream().map(JWK::getKeyID).map(String::valueOf).collect(Collectors.joining(", ")));
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warn("JWKS {} could not be fetched ({}); keeping the {} cached keys", url, reason(e),
                    keys == null ? 0 : keys.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("JWKS {} fetch interrupted; keeping the cached keys", url);
        }
    }

    private static String reason(Exception e) {
        return e instanceof ParseException ? "not a JWK set" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String httpGet(HttpClient client, URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
