package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.tasker.gateway.testing.JwtTokens;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any change to any character of a valid token, for each accepted algorithm, makes the verifier refuse it
 * with a reason, never accept it and never throw anything else. No server: the verifier and keys alone.
 */
class JwtTamperTest {

    static final String ISSUER = "https://id.tasker.example";
    static final String AUDIENCE = "gw";
    static final List<SigningKey> KEYS = List.of(SigningKey.rsa("r"), SigningKey.ec("e"), SigningKey.ed25519("d"));
    static final List<JWK> JWKS = KEYS.stream().map(SigningKey::publicJwk).toList();
    static final JwtSettings SETTINGS = new JwtSettings(null, List.of(java.nio.file.Path.of("unused.pem")), ISSUER,
            AUDIENCE, Duration.ofSeconds(60), "permissions", Map.of(), null, Duration.ofMinutes(5), Duration.ofSeconds(5));
    static final JwtVerifier VERIFIER = new JwtVerifier(SETTINGS, kid -> JwtKeys.matching(JWKS, kid), Clock.systemUTC());
    static final List<String> TOKENS = KEYS.stream()
            .map(key -> key.sign(JwtTokens.claims(ISSUER, AUDIENCE, "svc", Map.of("permissions", List.of("read")))))
            .toList();

    @Provide
    Arbitrary<Character> replacement() {
        return Arbitraries.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ".chars()
                .mapToObj(c -> (char) c).toList());
    }

    @Property(tries = 600)
    void aTokenChangedInOneCharacterIsRefused(@ForAll @IntRange(min = 0, max = 2) int which,
                                              @ForAll @IntRange(min = 0, max = 10_000) int at,
                                              @ForAll("replacement") char replacement) {
        String token = TOKENS.get(which);
        int position = at % token.length();
        Assume.that(token.charAt(position) != replacement);
        String tampered = token.substring(0, position) + replacement + token.substring(position + 1);
        Assume.that(!decodesTheSame(token, tampered));

        assertThatThrownBy(() -> VERIFIER.verify(tampered)).isInstanceOf(InvalidTokenException.class)
                .hasMessageNotContaining(tampered);
    }

    @Example
    void aSignatureSpelledInTheStandardBase64AlphabetIsRefused() {
        int spelled = 0;
        for (String token : TOKENS) {
            int signature = token.lastIndexOf('.') + 1;
            String standard = token.substring(0, signature)
                    + token.substring(signature).replace('-', '+').replace('_', '/');
            if (standard.equals(token)) {
                continue;
            }
            spelled++;
            assertThatThrownBy(() -> VERIFIER.verify(standard)).isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("base64url");
        }
        assertThat(spelled).as("tokens whose signature has a - or _").isPositive();
    }

    @Property(tries = 50)
    void theUntouchedTokensAreAccepted(@ForAll @IntRange(min = 0, max = 2) int which) throws Exception {
        assertThat(VERIFIER.verify(TOKENS.get(which)).subject()).isEqualTo("svc");
    }

    /** base64url's last character can carry unused bits: a change there may decode to the same bytes. */
    private static boolean decodesTheSame(String a, String b) {
        String[] pa = a.split("\\.", -1);
        String[] pb = b.split("\\.", -1);
        if (pa.length != pb.length) {
            return false;
        }
        try {
            for (int i = 0; i < pa.length; i++) {
                if (!Arrays.equals(Base64.getUrlDecoder().decode(pa[i]), Base64.getUrlDecoder().decode(pb[i]))) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
