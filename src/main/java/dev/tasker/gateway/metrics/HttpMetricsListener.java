package dev.tasker.gateway.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Times every HTTP request by method, route template ({@code /v1/handlers/{name}}, never the raw path)
 * and status. Requests answered before routing (refused by the API key filter, too large, no such route)
 * are reported with the route {@code none} and unusual methods as {@code other}, so a scanner cannot create
 * new series.
 */
public final class HttpMetricsListener implements ApplicationEventListener {

    static final String NO_ROUTE = "none";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final MicrometerGatewayMetrics metrics;

    public HttpMetricsListener(MicrometerGatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        long start = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                ContainerResponse response = event.getContainerResponse();
                int status = response == null ? 500 : response.getStatus();
                String method = event.getContainerRequest().getMethod();
                metrics.httpRequest(METHODS.contains(method) ? method : BoundedLabels.OTHER, route(event), status,
                        System.nanoTime() - start);
            }
        };
    }

    static String route(RequestEvent event) {
        List<UriTemplate> templates = event.getUriInfo() == null ? List.of()
                : new ArrayList<>(event.getUriInfo().getMatchedTemplates());
        if (templates.isEmpty()) {
            return NO_ROUTE;
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String template = templates.get(i).getTemplate();
            if (!template.startsWith("/")) {
                route.append('/');
            }
            route.append(template);
        }
        String joined = collapseSlashes(route);
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The route with each run of slashes made one (a template may start or end with one). */
    private static String collapseSlashes(CharSequence route) {
        StringBuilder joined = new StringBuilder(route.length());
        for (int i = 0; i < route.length(); i++) {
            char c = route.charAt(i);
            if (c != '/' || joined.length() == 0 || joined.charAt(joined.length() - 1) != '/') {
                joined.append(c);
            }
        }
        return joined.toString();
    }
}
