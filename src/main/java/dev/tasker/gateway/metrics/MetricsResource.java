package dev.tasker.gateway.metrics;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /metrics}: every metric in the Prometheus text format. */
@Path("/metrics")
public final class MetricsResource {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MicrometerGatewayMetrics metrics;

    @Inject
    public MetricsResource(MicrometerGatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces(CONTENT_TYPE)
    public String scrape() {
        return metrics.scrape();
    }
}
