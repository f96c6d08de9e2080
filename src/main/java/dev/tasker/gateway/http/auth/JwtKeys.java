package dev.tasker.gateway.http.auth;

import com.nimbusds.jose.jwk.JWK;
import java.util.ArrayList;
import java.util.List;

/** Where the public keys that sign accepted tokens come from. Implementations are thread-safe. */
public interface JwtKeys {

    /**
     * The keys a token naming {@code kid} may have been signed with.
     *
     * @param kid the token's {@code kid} header; null when it names none (then every key is a candidate)
     * @return public keys, possibly empty (an unknown {@code kid})
     * @throws JwtKeysUnavailableException when no key has ever been had
     */
    List<JWK> forKid(String kid) throws JwtKeysUnavailableException;

    /**
     * The keys of {@code first} (files) and, when those have none for a named {@code kid} or no {@code kid} is
     * named, of {@code second} (a JWKS, fetched only then).
     */
    static JwtKeys either(JwtKeys first, JwtKeys second) {
        return kid -> {
            List<JWK> found = first.forKid(kid);
            if (!found.isEmpty() && kid != null) {
                return found;
            }
            List<JWK> all = new ArrayList<>(found);
            all.addAll(second.forKid(kid));
            return all;
        };
    }

    /** Keys of {@code all} whose {@code kid} is {@code kid} (every key when {@code kid} is null). */
    static List<JWK> matching(List<JWK> all, String kid) {
        return kid == null ? all : all.stream().filter(key -> kid.equals(key.getKeyID())).toList();
    }
}
