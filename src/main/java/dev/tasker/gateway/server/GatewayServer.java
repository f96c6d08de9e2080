package dev.tasker.gateway.server;

import dev.tasker.gateway.handler.StepHandler;
import java.net.URI;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway on Grizzly: our components start first, then the listener; on stop the listener closes first
 * (letting requests in progress finish), then the components stop in reverse order.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayApplication application;
    private final HttpServer http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GatewayServer(GatewayApplication application, HttpServer http) {
        this.application = application;
        this.http = http;
    }

    /** Builds and starts a gateway for the config; logs one line with its URL, handler count and start time. */
    public static GatewayServer start(GatewayConfig config) throws Exception {
        return start(config, List.of());
    }

    /** Like {@link #start(GatewayConfig)}, with extra handlers registered as built-ins (embedding, tests). */
    public static GatewayServer start(GatewayConfig config, List<StepHandler> extraHandlers) throws Exception {
        long startNanos = System.nanoTime();
        if (!config.unknownVariables().isEmpty()) {
            LOG.warn("ignoring GATEWAY_ environment variables that name no setting: {} (a typo? --help lists the"
                    + " settings)", String.join(", ", config.unknownVariables()));
        }
        GatewayApplication application = new GatewayApplication(config, extraHandlers);
        URI uri = URI.create("http://" + bracketed(config.host()) + ":" + config.port() + "/");
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(uri, application, false);
        http.getListeners().forEach(listener -> {
            listener.registerAddOn(new RequestHeadLimitsAddOn(application.mapper()));
            listener.registerAddOn(new IgnoreUpgradeAddOn());
        });
        http.getServerConfiguration().setDefaultErrorPageGenerator(new ProblemErrorPageGenerator(application.mapper()));
        application.start();
        try {
            http.start();
        } catch (Exception e) {
            application.stop();
            throw new ConfigException("cannot listen on " + config.host() + ":" + config.port()
                    + " (GATEWAY_HOST / GATEWAY_PORT): " + e.getMessage(), e);
        }
        GatewayServer server = new GatewayServer(application, http);
        int handlers = application.registries().current().size();
        LOG.info("Tasker Worker Gateway listening on {} with {} {} (started in {} ms)", server.baseUri(), handlers,
                handlers == 1 ? "handler" : "handlers", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return server;
    }

    public GatewayApplication application() {
        return application;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.getListeners().iterator().next().getPort();
    }

    public URI baseUri() {
        String host = application.config().host();
        String shown = host.equals("0.0.0.0") ? "localhost" : bracketed(host);
        return URI.create("http://" + shown + ":" + port() + "/");
    }

    /**
     * Stops gracefully: readiness turns 503, after {@code shutdown_delay} the listener stops accepting and
     * requests in flight get up to {@code drain_timeout} to finish, then the components stop in reverse
     * order (outbox writes finish there). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        GatewayConfig config = application.config();
        application.operations().beginDraining();
        sleep(config.shutdownDelay());
        Duration drain = config.drainTimeout();
        LOG.info("shutdown: closing the listener; requests in flight have up to {} to finish", drain);
        try {
            http.shutdown(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS).get();
            LOG.info("shutdown: listener closed");
        } catch (Exception e) {
            LOG.warn("shutdown: requests still in flight after {}; closing the listener now ({})", drain,
                    e.toString());
            http.shutdownNow();
        }
        application.stop();
        LOG.info("Tasker Worker Gateway stopped");
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
