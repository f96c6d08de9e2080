package dev.tasker.gateway.http;

import dev.tasker.gateway.plugin.PluginManager;
import dev.tasker.gateway.plugin.PluginsStatus;
import dev.tasker.gateway.plugin.ReloadReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The plugin jars: what loaded, what failed, and a reload that swaps the registry without a restart. */
@Singleton
@Path("/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginsResource {

    private final PluginManager plugins;

    @Inject
    public PluginsResource(PluginManager plugins) {
        this.plugins = plugins;
    }

    /** Loaded jars with their handlers, and every load failure with its jar, class and cause. */
    @GET
    public PluginsStatus status() {
        return plugins.status();
    }

    /** Loads the folder again and swaps the new registry in; answers what was added, replaced, removed and failed. */
    @POST
    @Path("/reload")
    public ReloadReport reload() {
        try {
            return plugins.reload();
        } catch (UncheckedIOException e) {
            throw new ProblemException(503, "Plugins folder unreadable", e.getMessage(), "PLUGINS_DIR_UNREADABLE",
                    null, true, List.of(), Map.of());
        }
    }
}
