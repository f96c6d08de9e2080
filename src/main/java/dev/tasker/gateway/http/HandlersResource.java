package dev.tasker.gateway.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.execution.HandlerNotFoundException;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerDescriptor;
import dev.tasker.gateway.registry.HandlerSummary;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The registered handlers. {@code HEAD /v1/handlers/{name}} answers 200 or 404 (Jersey derives HEAD from GET). */
@Singleton
@Path("/v1/handlers")
@Produces(MediaType.APPLICATION_JSON)
public final class HandlersResource {

    private final ActiveRegistry registries;

    @Inject
    public HandlersResource(ActiveRegistry registries) {
        this.registries = registries;
    }

    /** The body of {@code GET /v1/handlers}. */
    public record HandlerList(@JsonProperty("count") int count,
                              @JsonProperty("handlers") List<HandlerSummary> handlers) {
    }

    /** Every handler, saying whether each declares an input schema and an error catalog. */
    @GET
    public HandlerList list() {
        List<HandlerSummary> handlers = registries.current().listHandlers().stream().map(HandlerSummary::of).toList();
        return new HandlerList(handlers.size(), handlers);
    }

    /** One handler, by name or alias, with its input schema and error catalog. */
    @GET
    @Path("/{name}")
    public HandlerDescriptor get(@PathParam("name") String name) {
        return registries.current().resolve(name)
                .orElseThrow(() -> new HandlerNotFoundException(name))
                .descriptor();
    }
}
