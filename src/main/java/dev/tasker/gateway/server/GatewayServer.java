package dev.tasker.gateway.server;

import dev.tasker.gateway.handler.StepHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway on Grizzly: our components start first, then the listener; on stop the listener closes first
 * (letting requests in progress finish), then the components stop in reverse order.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final String PLAIN_LISTENER = "plain-http";

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
        Optional<ListenerTls> tls = ListenerTls.from(config, Clock.systemUTC()); // before anything opens
        GatewayApplication application = new GatewayApplication(config, extraHandlers);
        URI uri = URI.create((tls.isPresent() ? "https" : "http") + "://" + bracketed(config.host()) + ":"
                + config.port() + "/");
        HttpServer http = tls.isPresent()
                ? GrizzlyHttpServerFactory.createHttpServer(uri, application, true, tls.get().engines(), false)
                : GrizzlyHttpServerFactory.createHttpServer(uri, application, false);
        if (tls.isPresent() && config.httpPort().isPresent()) {
            http.addListener(new NetworkListener(PLAIN_LISTENER, config.host(), config.httpPort().get()));
        }
        http.getListeners().forEach(listener -> {
            listener.registerAddOn(new RequestHeadLimitsAddOn(application.mapper()));
            listener.registerAddOn(new IgnoreUpgradeAddOn());
        });
        http.getServerConfiguration().setDefaultErrorPageGenerator(new ProblemErrorPageGenerator(application.mapper()));
        application.start();
        try {
            http.start();
        } catch (Exception e) {
            http.shutdownNow();
            application.stop();
            throw new ConfigException("cannot listen on " + config.host() + ":" + config.port()
                    + config.httpPort().map(port -> " and http_port " + port).orElse("")
                    + " (GATEWAY_HOST / GATEWAY_PORT" + (config.httpPort().isPresent() ? " / GATEWAY_HTTP_PORT" : "")
                    + "): " + e.getMessage(), e);
        }
        GatewayServer server = new GatewayServer(application, http);
        int handlers = application.registries().current().size();
        LOG.info("Tasker Worker Gateway listening on {} with {} {} (started in {} ms)", server.baseUri(), handlers,
                handlers == 1 ? "handler" : "handlers", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        if (tls.isPresent()) {
            LOG.info("HTTPS: {}; {}", tls.get().describe(), server.httpPort().isPresent()
                    ? "plain HTTP on port " + server.httpPort().get() + " for " + String.join(", ", config.httpPaths())
                    : "no plain HTTP port");
        }
        return server;
    }

    public GatewayApplication application() {
        return application;
    }

    /** The bound port (useful with port 0): HTTPS when TLS is on. */
    public int port() {
        return http.getListeners().stream().filter(listener -> !listener.getName().equals(PLAIN_LISTENER))
                .findFirst().orElseThrow().getPort();
    }

    /** The bound plain HTTP port beside HTTPS ({@code http_port}), when there is one. */
    public Optional<Integer> httpPort() {
        NetworkListener plain = http.getListener(PLAIN_LISTENER);
        return plain == null ? Optional.empty() : Optional.of(plain.getPort());
    }

    public URI baseUri() {
        String host = application.config().host();
        String shown = host.equals("0.0.0.0") ? "localhost" : bracketed(host);
        return URI.create((application.config().tlsOn() ? "https" : "http") + "://" + shown + ":" + port() + "/");
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
