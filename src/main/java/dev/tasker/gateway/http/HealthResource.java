package dev.tasker.gateway.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Liveness (the process answers) and readiness (every {@link ReadinessCheck} passes). */
@Singleton
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final List<ReadinessCheck> checks;

    @Inject
    public HealthResource(ReadinessChecks checks) {
        this.checks = checks.checks();
    }

    /** One check's answer. */
    public record CheckStatus(@JsonProperty("status") String status, @JsonProperty("detail") String detail) {
    }

    /** The body of every health answer. */
    public record HealthStatus(@JsonProperty("status") String status,
                               @JsonProperty("checks") Map<String, CheckStatus> checks) {
    }

    @GET
    public Response health() {
        return ready();
    }

    @GET
    @Path("/live")
    public HealthStatus live() {
        return new HealthStatus("up", Map.of());
    }

    @GET
    @Path("/ready")
    public Response ready() {
        Map<String, CheckStatus> results = new LinkedHashMap<>();
        boolean up = true;
        for (ReadinessCheck check : checks) {
            Optional<String> problem = check.problem();
            results.put(check.name(), new CheckStatus(problem.isEmpty() ? "up" : "down",
                    problem.or(check::detail).orElse(null)));
            up &= problem.isEmpty();
        }
        HealthStatus body = new HealthStatus(up ? "up" : "down", results);
        return Response.status(up ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
