package dev.tasker.gateway.http.auth;

import dev.tasker.gateway.http.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Checks the API key of every request to a non-public path, before routing (so unknown paths reveal
 * nothing without a key). The key comes as {@code X-API-Key} or {@code Authorization: Bearer}. Missing or
 * wrong: 401 problem with {@code WWW-Authenticate}; without the route's scope (see {@link RouteScopes}):
 * 403. The key's name goes into the MDC ({@code api_key}) for every line written while serving the
 * request; the key itself is never logged. With no keys configured every request passes.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "X-API-Key";
    public static final String MDC_KEY = "api_key";
    static final String CHALLENGE = "Bearer realm=\"tasker-worker-gateway\", ApiKey header=\"" + HEADER + "\"";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyAuthenticator authenticator;
    private final PublicPaths publicPaths;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator, PublicPaths publicPaths) {
        this.authenticator = authenticator;
        this.publicPaths = publicPaths;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MDC.remove(MDC_KEY);
        String rawPath = request.getUriInfo().getRequestUri().getRawPath();
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (authenticator.isEmpty() || publicPaths.matches(path)) {
            return;
        }
        String method = request.getMethod();
        String presented = presentedKey(request);
        if (presented == null) {
            LOG.info("refused {} {}: no API key", method, path);
            throw unauthorized("this route needs an API key: send it as " + HEADER + " or Authorization: Bearer",
                    "API_KEY_MISSING");
        }
        ApiKey key = authenticator.authenticate(presented).orElse(null);
        if (key == null) {
            LOG.warn("refused {} {}: unknown API key", method, path);
            throw unauthorized("the API key is not valid", "API_KEY_INVALID");
        }
        MDC.put(MDC_KEY, key.name());
        ApiScope needed = RouteScopes.required(method, PublicPaths.normalize(path));
        if (!key.allows(needed)) {
            LOG.warn("refused {} {}: API key '{}' lacks scope '{}'", method, path, key.name(), needed.wireName());
            throw new ProblemException(403, "Forbidden", "API key '" + key.name() + "' lacks the scope '"
                    + needed.wireName() + "' this route needs", "API_KEY_SCOPE_MISSING", null, false, List.of(),
                    Map.of());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove(MDC_KEY);
    }

    private static String presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private static ProblemException unauthorized(String detail, String errorCode) {
        return new ProblemException(401, "Unauthorized", detail, errorCode, null, false, List.of(),
                Map.of("WWW-Authenticate", CHALLENGE));
    }
}
