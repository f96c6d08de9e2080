package dev.tasker.gateway.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a verified bearer JWT into an {@link Identity}: named by its {@code sub}; its scopes those the
 * {@code jwt.scope_map} grants for the permissions in {@code jwt.scopes_claim} (a list of strings, or one
 * space-separated string as OAuth's {@code scope}); its namespaces those in {@code jwt.namespaces_claim} when
 * that is configured (none when the token lacks the claim, any with {@code *}). Thread-safe.
 */
public final class JwtAuthenticator {

    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwtSettings settings;
    private final JwtVerifier verifier;

    public JwtAuthenticator(JwtSettings settings, JwtVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
    }

    /** A token and the identity it stands for. */
    public record Authenticated(Identity identity, String kid) {
    }

    public Authenticated authenticate(String token) throws InvalidTokenException, JwtKeysUnavailableException {
        JwtVerifier.VerifiedToken verified = verifier.verify(token);
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String permission : strings(verified.claims().getClaim(settings.scopesClaim()))) {
            scopes.addAll(settings.scopeMap().getOrDefault(permission, Set.of()));
        }
        Set<String> namespaces = settings.namespacesClaim() == null ? null
                : new LinkedHashSet<>(strings(verified.claims().getClaim(settings.namespacesClaim())));
        return new Authenticated(new Identity(Identity.Kind.JWT, verified.subject(), scopes, namespaces),
                verified.kid());
    }

    /**
     * Whether a bearer credential is a JWT rather than an API key: three base64url parts, the first a JSON
     * object with an {@code alg} (so {@code alg: none} tokens are taken as tokens, and refused as such).
     */
    public static boolean looksLikeJwt(String credential) {
        if (!COMPACT_JWS.matcher(credential).matches()) {
            return false;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(credential.substring(0, credential.indexOf('.'))));
            return header != null && header.isObject() && header.has("alg");
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof String text) {
            for (String part : text.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        } else if (claim instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        }
        return out;
    }
}
