package dev.tasker.gateway.http.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a JWT must be to be accepted, and how its claims become an {@link Identity}. Immutable.
 *
 * @param jwksUrl          where the signing keys are published (JWK set); null when only files are used
 * @param publicKeyFiles   PEM public keys or certificates; each key's {@code kid} is its file name without
 *                         {@code .pem}
 * @param issuer           the exact {@code iss} required
 * @param audience         a value {@code aud} must hold
 * @param clockSkew        leeway for {@code exp} and {@code nbf}
 * @param scopesClaim      the claim holding permissions: a list of strings, or one space-separated string
 * @param scopeMap         permission to scopes; permissions not listed grant nothing
 * @param namespacesClaim  the claim listing the step namespaces the token may execute ({@code *} for any);
 *                         null when tokens are not restricted to namespaces
 * @param jwksCacheTtl     how long fetched keys are used before they are fetched again
 * @param jwksMinRefresh   the least time between two fetches of the key set, whatever asks for them
 */
public record JwtSettings(URI jwksUrl, List<Path> publicKeyFiles, String issuer, String audience,
                          Duration clockSkew, String scopesClaim, Map<String, Set<ApiScope>> scopeMap,
                          String namespacesClaim, Duration jwksCacheTtl, Duration jwksMinRefresh) {

    public JwtSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(scopesClaim, "scopesClaim");
        Objects.requireNonNull(jwksCacheTtl, "jwksCacheTtl");
        Objects.requireNonNull(jwksMinRefresh, "jwksMinRefresh");
        publicKeyFiles = List.copyOf(publicKeyFiles);
        scopeMap = Map.copyOf(scopeMap);
        if (jwksUrl == null && publicKeyFiles.isEmpty()) {
            throw new IllegalArgumentException("JWT needs jwt.jwks_url or jwt.public_key_files");
        }
    }
}
