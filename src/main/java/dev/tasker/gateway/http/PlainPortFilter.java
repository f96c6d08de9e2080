package dev.tasker.gateway.http;

import dev.tasker.gateway.http.auth.PublicPaths;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Map;

/**
 * With TLS on, the plain {@code http_port} serves only {@code http_paths} (health checks by default); every
 * other path there is a 404 problem {@code HTTPS_REQUIRED}, before authentication, so no API key or step
 * input is ever accepted over plain HTTP. Requests that came over TLS pass untouched.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 300)
public final class PlainPortFilter implements ContainerRequestFilter {

    private final PublicPaths plainPaths;
    private final List<String> patterns;

    public PlainPortFilter(List<String> plainPaths) {
        this.plainPaths = new PublicPaths(plainPaths);
        this.patterns = List.copyOf(plainPaths);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().isSecure()) {
            return;
        }
        String rawPath = request.getUriInfo().getRequestUri().getRawPath();
        if (plainPaths.matches(rawPath == null || rawPath.isEmpty() ? "/" : rawPath)) {
            return;
        }
        throw new ProblemException(404, "Not found", "this port speaks plain HTTP and serves only "
                + String.join(", ", patterns) + "; use the HTTPS port", "HTTPS_REQUIRED", null, false, List.of(),
                Map.of());
    }
}
