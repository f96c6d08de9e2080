package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JWKS cache's rules with a clock the test moves and a key set the test swaps: no server, no waiting. */
class JwksJwtKeysTest {

    static final SigningKey K1 = SigningKey.ec("k1");
    static final SigningKey K2 = SigningKey.ec("k2");
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_REFRESH = Duration.ofSeconds(5);

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Serves a key set, or fails like an identity provider that is down; counts fetches. */
    static final class Provider implements JwksJwtKeys.Fetcher {
        final AtomicInteger fetches = new AtomicInteger();
        volatile List<JWK> keys;
        volatile boolean down;

        Provider(SigningKey... keys) {
            serve(keys);
        }

        void serve(SigningKey... signingKeys) {
            keys = java.util.Arrays.stream(signingKeys).map(SigningKey::publicJwk).toList();
        }

        @Override
        public String fetch() throws IOException {
            fetches.incrementAndGet();
            if (down) {
                throw new IOException("connection refused");
            }
            return new JWKSet(keys).toString();
        }
    }

    final TestClock clock = new TestClock();

    JwksJwtKeys keys(Provider provider) {
        return new JwksJwtKeys(URI.create("http://idp.test/jwks"), provider, TTL, MIN_REFRESH, clock);
    }

    static List<String> kids(List<JWK> keys) {
        return keys.stream().map(JWK::getKeyID).toList();
    }

    @Test
    void fetchesOnFirstUseAndServesFromTheCacheAfterwards() throws Exception {
        Provider provider = new Provider(K1);
        JwksJwtKeys keys = keys(provider);

        assertThat(kids(keys.forKid("k1"))).containsExactly("k1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(kids(keys.forKid("k1"))).containsExactly("k1");
        assertThat(kids(keys.forKid(null))).containsExactly("k1");

        assertThat(provider.fetches).hasValue(1);
    }

    @Test
    void anUnknownKidRefreshesAndPicksUpARotatedKey() throws Exception {
        Provider provider = new Provider(K1);
        JwksJwtKeys keys = keys(provider);
        keys.forKid("k1");
        provider.serve(K2);
        clock.advance(MIN_REFRESH);

        assertThat(kids(keys.forKid("k2"))).containsExactly("k2");
        assertThat(keys.forKid("k1")).as("k1 left the set").isEmpty();
        assertThat(provider.fetches).hasValue(2);
    }

    @Test
    void unknownKidsWithinTheMinimumIntervalCauseNoFetch() throws Exception {
        Provider provider = new Provider(K1);
        JwksJwtKeys keys = keys(provider);
        keys.forKid("k1");
        provider.serve(K1, K2);

        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(90));
            assertThat(keys.forKid("made-up-" + i)).isEmpty();
        }
        assertThat(provider.fetches).as("4.5 s of made-up kids after the first fetch").hasValue(1);
        assertThat(keys.forKid("k2")).as("still rate-limited").isEmpty();

        clock.advance(Duration.ofMillis(500));
        assertThat(kids(keys.forKid("k2"))).as("5 s after the last fetch").containsExactly("k2");
        assertThat(provider.fetches).hasValue(2);
    }

    @Test
    void anExpiredCacheIsFetchedAgain() throws Exception {
        Provider provider = new Provider(K1);
        JwksJwtKeys keys = keys(provider);
        keys.forKid("k1");
        provider.serve(K2);

        clock.advance(TTL);
        assertThat(kids(keys.forKid(null))).as("at the TTL: still cached").containsExactly("k1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(keys.forKid(null))).as("past the TTL: fetched again").containsExactly("k2");
    }

    @Test
    void anOutageKeepsTheCachedKeys() throws Exception {
        Provider provider = new Provider(K1);
        JwksJwtKeys keys = keys(provider);
        keys.forKid("k1");
        provider.down = true;

        clock.advance(TTL.plusMinutes(1));
        assertThat(kids(keys.forKid("k1"))).as("expired cache, provider down").containsExactly("k1");
        clock.advance(MIN_REFRESH);
        assertThat(keys.forKid("k2")).isEmpty();
        assertThat(kids(keys.forKid("k1"))).containsExactly("k1");
        assertThat(provider.fetches).as("every attempt was made, and failed").hasValue(3);

        provider.down = false;
        provider.serve(K2);
        clock.advance(MIN_REFRESH);
        assertThat(kids(keys.forKid("k2"))).as("back up").containsExactly("k2");
    }

    @Test
    void noKeyEverFetchedIsUnavailableNotAnUnknownKid() {
        Provider provider = new Provider(K1);
        provider.down = true;
        JwksJwtKeys keys = keys(provider);

        assertThatThrownBy(() -> keys.forKid("k1")).isInstanceOf(JwtKeysUnavailableException.class)
                .hasMessageContaining("http://idp.test/jwks");
        assertThatThrownBy(() -> keys.forKid("k1")).isInstanceOf(JwtKeysUnavailableException.class);
        assertThat(provider.fetches).as("the second ask came within the minimum interval").hasValue(1);
    }

    @Test
    void anInvalidSetIsAnOutageToo() throws Exception {
        Provider provider = new Provider(K1);
        JwksJwtKeys keys = keys(provider);
        keys.forKid("k1");
        JwksJwtKeys.Fetcher garbage = () -> "<html>maintenance</html>";
        JwksJwtKeys broken = new JwksJwtKeys(URI.create("http://idp.test/jwks"), garbage, TTL, MIN_REFRESH, clock);

        assertThatThrownBy(() -> broken.forKid("k1")).isInstanceOf(JwtKeysUnavailableException.class);
        assertThat(kids(keys.forKid("k1"))).containsExactly("k1");
    }
}
