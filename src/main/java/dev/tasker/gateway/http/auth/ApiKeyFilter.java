package dev.tasker.gateway.http.auth;

import dev.tasker.gateway.http.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one authentication filter: establishes the {@link Identity} of every request to a non-public path,
 * before routing (so unknown paths reveal nothing without credentials). A request names exactly one
 * identity: an API key as {@code X-API-Key} or {@code Authorization: Bearer}, or a signed JWT as
 * {@code Authorization: Bearer} (told apart by its form, see {@link JwtAuthenticator#looksLikeJwt}); both
 * headers at once is 400 ({@code invalid_request}). Missing or wrong: 401 problem with
 * {@code WWW-Authenticate} ({@code error="invalid_token"} for a wrong one, as RFC 6750 says); without the
 * route's scope (see {@link RouteScopes}): 403. The identity's name goes into the MDC ({@code api_key} for a
 * key, {@code jwt_sub} for a token) for every line written while serving the request; nothing else of a
 * credential is logged but a token's {@code kid}. A request without either header is identified by its TLS
 * client certificate when {@code client_certs} maps it ({@code client_cert} in the MDC; a verified but unmapped
 * certificate is 401 {@code CLIENT_CERT_UNKNOWN}); a header, when sent, names the identity instead. With no
 * keys, JWT or client certificates configured every request passes.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "X-API-Key";
    public static final String MDC_KEY = Identity.Kind.API_KEY.mdcKey();
    static final String REALM = "Bearer realm=\"tasker-worker-gateway\"";
    static final String API_KEY_CHALLENGE = "ApiKey header=\"" + HEADER + "\"";
    static final String CHALLENGE = REALM + ", " + API_KEY_CHALLENGE;
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final JwtAuthenticator jwt;
    private final PublicPaths publicPaths;
    private final ClientCerts clientCerts;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator, PublicPaths publicPaths) {
        this(authenticator, null, publicPaths);
    }

    /** @param jwt null when bearer JWTs are not accepted */
    public ApiKeyFilter(ApiKeyAuthenticator authenticator, JwtAuthenticator jwt, PublicPaths publicPaths) {
        this(authenticator, jwt, ClientCerts.none(), publicPaths);
    }

    /** @param clientCerts the client certificates that are identities; empty when none are */
    public ApiKeyFilter(ApiKeyAuthenticator authenticator, JwtAuthenticator jwt, ClientCerts clientCerts,
                        PublicPaths publicPaths) {
        this.authenticator = authenticator;
        this.jwt = jwt;
        this.clientCerts = clientCerts;
        this.publicPaths = publicPaths;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        clearMdc();
        String rawPath = request.getUriInfo().getRequestUri().getRawPath();
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (authenticator.isEmpty() && jwt == null && clientCerts.isEmpty() || publicPaths.matches(path)) {
            return;
        }
        String method = request.getMethod();
        Identity identity = identify(request, method, path);
        MDC.put(identity.kind().mdcKey(), identity.name());
        SecurityContext previous = request.getSecurityContext();
        request.setSecurityContext(new IdentityContext(identity, previous != null && previous.isSecure()));
        ApiScope needed = RouteScopes.required(method, PublicPaths.normalize(path));
        if (!identity.allows(needed)) {
            LOG.warn("refused {} {}: {} lacks scope '{}'", method, path, identity.describe(), needed.wireName());
            Map<String, String> headers = identity.kind() == Identity.Kind.JWT
                    ? Map.of("WWW-Authenticate", REALM + ", error=\"insufficient_scope\", scope=\""
                            + needed.wireName() + "\"") : Map.of();
            String code = switch (identity.kind()) {
                case JWT -> "TOKEN_SCOPE_MISSING";
                case CLIENT_CERT -> "CLIENT_CERT_SCOPE_MISSING";
                case API_KEY -> "API_KEY_SCOPE_MISSING";
            };
            throw new ProblemException(403, "Forbidden", capitalized(identity.describe()) + " lacks the scope '"
                    + needed.wireName() + "' this route needs", code, null, false, List.of(), headers);
        }
    }

    private Identity identify(ContainerRequestContext request, String method, String path) {
        String header = request.getHeaderString(HEADER);
        String apiKey = header == null || header.isBlank() ? null : header.trim();
        String bearer = bearer(request.getHeaderString("Authorization"));
        if (apiKey != null && bearer != null) {
            LOG.info("refused {} {}: both {} and Authorization: Bearer", method, path, HEADER);
            throw new ProblemException(400, "Bad Request", "send one credential: " + HEADER
                    + " or Authorization: Bearer, not both", "AUTH_AMBIGUOUS", null, false, List.of(),
                    Map.of("WWW-Authenticate", REALM + ", error=\"invalid_request\""));
        }
        if (apiKey == null && bearer == null) {
            X509Certificate certificate = clientCerts.isEmpty() ? null
                    : ClientCerts.presented(request).orElse(null);
            if (certificate != null) {
                return clientCertificate(certificate, method, path);
            }
            LOG.info("refused {} {}: no credentials", method, path);
            throw unauthorized("this route needs credentials: an API key as " + HEADER
                    + " or Authorization: Bearer" + (jwt == null ? "" : ", or a bearer JWT")
                    + (clientCerts.isEmpty() ? "" : ", or a mapped TLS client certificate"), "API_KEY_MISSING",
                    CHALLENGE);
        }
        if (bearer != null && jwt != null && JwtAuthenticator.looksLikeJwt(bearer)) {
            return token(bearer, method, path);
        }
        ApiKey key = authenticator.authenticate(apiKey != null ? apiKey : bearer).orElse(null);
        if (key == null) {
            LOG.warn("refused {} {}: unknown API key", method, path);
            throw unauthorized("the API key is not valid", "API_KEY_INVALID",
                    REALM + ", error=\"invalid_token\", " + API_KEY_CHALLENGE);
        }
        return Identity.of(key);
    }

    private Identity clientCertificate(X509Certificate certificate, String method, String path) {
        ClientCert entry = clientCerts.match(certificate).orElse(null);
        if (entry == null) {
            LOG.warn("refused {} {}: client certificate {} is not in client_certs", method, path,
                    certificate.getSubjectX500Principal().getName());
            throw unauthorized("the client certificate is valid but names no identity of this gateway"
                    + " (client_certs); send an API key" + (jwt == null ? "" : " or a bearer JWT") + " instead",
                    "CLIENT_CERT_UNKNOWN", CHALLENGE);
        }
        return Identity.of(entry);
    }

    private Identity token(String bearer, String method, String path) {
        try {
            JwtAuthenticator.Authenticated authenticated = jwt.authenticate(bearer);
            MDC.put("jwt_kid", String.valueOf(authenticated.kid()));
            return authenticated.identity();
        } catch (InvalidTokenException e) {
            LOG.warn("refused {} {}: invalid bearer token ({}; kid {})", method, path, e.getMessage(), kid(bearer));
            throw unauthorized("the bearer token is not valid: " + e.getMessage(), "TOKEN_INVALID",
                    REALM + ", error=\"invalid_token\", error_description=\"" + e.getMessage().replace('"', '\'')
                            + "\"");
        } catch (JwtKeysUnavailableException e) {
            LOG.warn("refused {} {}: {}", method, path, e.getMessage());
            throw new ProblemException(503, "Service Unavailable", "the token's signing keys cannot be fetched"
                    + " right now; retry shortly", "TOKEN_KEYS_UNAVAILABLE", null, true, List.of(),
                    Map.of("Retry-After", "5"));
        }
    }

    /** The {@code kid} header of a token that failed, for the log line; nothing else of it is logged. */
    private static String kid(String token) {
        try {
            Object kid = com.nimbusds.jose.JWSObject.parse(token).getHeader().getKeyID();
            return kid == null ? "none" : kid.toString().replaceAll("[^A-Za-z0-9._:-]", "?");
        } catch (java.text.ParseException | RuntimeException e) {
            return "unreadable";
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        clearMdc();
    }

    private static void clearMdc() {
        for (Identity.Kind kind : Identity.Kind.values()) {
            MDC.remove(kind.mdcKey());
        }
        MDC.remove("jwt_kid");
    }

    private static String bearer(String authorization) {
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String credential = authorization.substring(7).trim();
            return credential.isEmpty() ? null : credential;
        }
        return null;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static ProblemException unauthorized(String detail, String errorCode, String challenge) {
        return new ProblemException(401, "Unauthorized", detail, errorCode, null, false, List.of(),
                Map.of("WWW-Authenticate", challenge));
    }

    /** The request's security context once its identity is known. */
    private record IdentityContext(Identity identity, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return identity;
        }

        @Override
        public boolean isUserInRole(String role) {
            return ApiScope.fromWireName(role).map(identity::allows).orElse(false);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return switch (identity.kind()) {
                case JWT -> "Bearer";
                case CLIENT_CERT -> SecurityContext.CLIENT_CERT_AUTH;
                case API_KEY -> "ApiKey";
            };
        }
    }
}
