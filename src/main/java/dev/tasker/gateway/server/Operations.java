package dev.tasker.gateway.server;

import dev.tasker.gateway.execution.StepExecutor;
import dev.tasker.gateway.execution.StepObserver;
import dev.tasker.gateway.http.ReadinessCheck;
import dev.tasker.gateway.http.auth.ApiKey;
import dev.tasker.gateway.http.auth.ApiKeyAuthenticator;
import dev.tasker.gateway.http.auth.ApiKeyFilter;
import dev.tasker.gateway.http.auth.ClientCerts;
import dev.tasker.gateway.http.auth.FileJwtKeys;
import dev.tasker.gateway.http.auth.JwksJwtKeys;
import dev.tasker.gateway.http.auth.JwtAuthenticator;
import dev.tasker.gateway.http.auth.JwtKeys;
import dev.tasker.gateway.http.auth.JwtSettings;
import dev.tasker.gateway.http.auth.JwtVerifier;
import dev.tasker.gateway.http.auth.PublicPaths;
import dev.tasker.gateway.metrics.GatewayMetrics;
import dev.tasker.gateway.metrics.HttpMetricsListener;
import dev.tasker.gateway.metrics.MetricsResource;
import dev.tasker.gateway.metrics.MicrometerGatewayMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operational parts of the gateway, wired in one place: API key authentication, Prometheus metrics
 * (HTTP, steps, JVM, and the {@link GatewayMetrics} facade other components report to) and the draining
 * state that turns readiness to 503 on shutdown.
 */
public final class Operations implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final GatewayConfig config;
    private final MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics();
    private final AtomicBoolean draining = new AtomicBoolean();

    public Operations(GatewayConfig config) {
        this.config = config;
    }

    /** The facade plugin, event and webhook code report to. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Observers the step executor must call (step metrics, admission rejections). */
    public List<StepObserver> stepObservers() {
        return List.of(metrics);
    }

    /** Answers 503 from {@code /health/ready} once shutdown has begun. */
    public ReadinessCheck drainingCheck() {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "accepting";
            }

            @Override
            public Optional<String> problem() {
                return draining.get() ? Optional.of("shutting down: finishing the steps in flight") : Optional.empty();
            }
        };
    }

    /** Turns readiness to 503; the listener is closed next. */
    public void beginDraining() {
        if (draining.compareAndSet(false, true)) {
            LOG.info("shutdown: readiness now answers 503; finishing requests in flight (up to {})",
                    config.drainTimeout());
        }
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Registers the API key filter, the HTTP metrics listener and {@code GET /metrics}. */
    public void registerWith(ResourceConfig resources, StepExecutor executor) {
        metrics.stepsInFlight(executor::inFlight);
        List<ApiKey> keys = config.apiKeys();
        if (keys.isEmpty() && (config.jwt().isPresent() || !config.clientCerts().isEmpty())) {
            LOG.info("API keys off: no api_keys configured; {} only", config.jwt().isEmpty() ? "client certificates"
                    : config.clientCerts().isEmpty() ? "bearer JWTs" : "bearer JWTs and client certificates");
        } else if (keys.isEmpty() && config.tlsClientAuth().equals("required")) {
            LOG.warn("API KEYS ARE OFF: no api_keys or client_certs configured; every route is open to any client"
                    + " with a certificate that tls.client_ca_file trusts");
        } else if (keys.isEmpty()) {
            LOG.warn("API KEYS ARE OFF: no api_keys configured (GATEWAY_API_KEYS), every route is open to anyone"
                    + " who can reach {}:{}", config.host(), config.port());
        } else {
            LOG.info("API keys on: {} (public paths: {})", keys.stream()
                    .map(k -> k.name() + "=" + k.scopes().stream().map(s -> s.wireName())
                            .collect(Collectors.joining("+")))
                    .collect(Collectors.joining(", ")), String.join(", ", config.publicPaths()));
        }
        JwtAuthenticator jwt = config.jwt().map(Operations::jwtAuthenticator).orElse(null);
        ClientCerts clientCerts = new ClientCerts(config.clientCerts());
        if (!clientCerts.isEmpty()) {
            LOG.info("client certificates on: {}", clientCerts.entries().stream()
                    .map(c -> c.name() + "=" + c.scopes().stream().map(s -> s.wireName())
                            .collect(Collectors.joining("+")))
                    .collect(Collectors.joining(", ")));
        }
        resources.register(new ApiKeyFilter(new ApiKeyAuthenticator(keys), jwt, clientCerts,
                new PublicPaths(config.publicPaths())));
        resources.register(new HttpMetricsListener(metrics));
        resources.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(metrics).to(MicrometerGatewayMetrics.class);
            }
        });
        resources.register(MetricsResource.class);
    }

    /** Keys from files are read now, so a bad file stops start-up; a JWKS is fetched on first use. */
    private static JwtAuthenticator jwtAuthenticator(JwtSettings settings) {
        List<JwtKeys> sources = new ArrayList<>();
        if (!settings.publicKeyFiles().isEmpty()) {
            try {
                FileJwtKeys files = FileJwtKeys.read(settings.publicKeyFiles());
                sources.add(files);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid value for " + Settings.JWT_PUBLIC_KEY_FILES.key() + ": "
                        + e.getMessage());
            }
        }
        if (settings.jwksUrl() != null) {
            sources.add(JwksJwtKeys.fromUrl(settings.jwksUrl(), settings.jwksCacheTtl(), settings.jwksMinRefresh(),
                    Clock.systemUTC()));
        }
        JwtKeys keys = sources.size() == 1 ? sources.get(0) : JwtKeys.either(sources.get(0), sources.get(1));
        LOG.info("bearer JWTs on: issuer {}, audience {}, keys from {}{}", settings.issuer(), settings.audience(),
                settings.jwksUrl() == null ? "" : settings.jwksUrl() + (settings.publicKeyFiles().isEmpty() ? "" : " and "),
                settings.publicKeyFiles().isEmpty() ? "" : settings.publicKeyFiles());
        return new JwtAuthenticator(settings, new JwtVerifier(settings, keys, Clock.systemUTC()));
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        metrics.close();
    }
}
