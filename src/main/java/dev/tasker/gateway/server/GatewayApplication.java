package dev.tasker.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import dev.tasker.gateway.events.FastEventDispatcher;
import dev.tasker.gateway.events.PublisherRegistry;
import dev.tasker.gateway.examples.BuiltinHandlers;
import dev.tasker.gateway.execution.ExecutionSettings;
import dev.tasker.gateway.execution.StepBatchExecutor;
import dev.tasker.gateway.execution.StepExecutor;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.http.BodyLimitFilter;
import dev.tasker.gateway.http.CatchAllExceptionMapper;
import dev.tasker.gateway.http.DocsResource;
import dev.tasker.gateway.http.HandlersResource;
import dev.tasker.gateway.http.HealthResource;
import dev.tasker.gateway.http.JsonExceptionMapper;
import dev.tasker.gateway.http.PlainPortFilter;
import dev.tasker.gateway.http.PluginsResource;
import dev.tasker.gateway.http.ProblemExceptionMapper;
import dev.tasker.gateway.http.ReadinessCheck;
import dev.tasker.gateway.http.ReadinessChecks;
import dev.tasker.gateway.http.RequestIdFilter;
import dev.tasker.gateway.http.StepRejectedExceptionMapper;
import dev.tasker.gateway.http.StepsResource;
import dev.tasker.gateway.http.WebApplicationExceptionMapper;
import dev.tasker.gateway.metrics.GatewayMetrics;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.plugin.PluginManager;
import dev.tasker.gateway.registry.ActiveRegistry;
import dev.tasker.gateway.registry.HandlerRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with plain constructors, binds the shared ones with one
 * HK2 binder, and registers resources, filters and mappers explicitly (no scanning). Components with a
 * lifecycle are started by {@link #start()} before the server accepts requests and stopped in reverse
 * order by {@link #stop()}.
 */
public final class GatewayApplication extends ResourceConfig {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApplication.class);

    private final GatewayConfig config;
    private final ObjectMapper mapper = WireJson.newObjectMapper();
    private final ActiveRegistry registries;
    private final StepExecutor executor;
    private final Operations operations;
    private final EventsModule events;
    private final PluginSupport plugins;
    private final List<Managed> managed = new ArrayList<>();
    private final List<Managed> started = new ArrayList<>();

    public GatewayApplication(GatewayConfig config) {
        this(config, List.of());
    }

    /**
     * @param extraHandlers handlers registered as built-ins beside the examples (embedding and tests)
     */
    public GatewayApplication(GatewayConfig config, List<StepHandler> extraHandlers) {
        this.config = config;

        HandlerRegistry registry = new HandlerRegistry();
        BuiltinHandlers.all().forEach(registry::register);
        extraHandlers.forEach(registry::register);
        this.registries = new ActiveRegistry(registry);
        this.plugins = new PluginSupport(config, registries, registry.registered().stream()
                .map(registered -> registered.handler()).toList());

        this.operations = new Operations(config); // API keys, metrics, draining (issue 6)
        managed.add(operations);

        String workerId = config.workerId().orElseGet(() -> "worker_" + Uuids.v7());
        this.executor = new StepExecutor(registries,
                new ExecutionSettings(config.stepTimeout(), config.maxInFlight(), config.maxInFlightPerHandler(),
                        config.backtraceLines(), workerId, hostname()),
                mapper, operations.stepObservers(), plugins.usage(), new GrizzlyWorkerThreads());
        managed.add(new Managed() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
                executor.close();
            }
        });

        managed.add(plugins);
        operations.metrics().pluginFailures(() -> plugins.manager().snapshot().failures().size());

        this.events = new EventsModule(config, mapper, executor, workerId, operations.metrics());
        plugins.manager().addContribution(new PluginPublishers(events.publishers()));
        managed.add(events);

        List<ReadinessCheck> checks = List.of(requiredHandlersCheck(), plugins.readinessCheck(), events.storeCheck(),
                operations.drainingCheck());

        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);

        register(new JacksonJsonProvider(mapper));
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(config).to(GatewayConfig.class);
                bind(mapper).to(ObjectMapper.class);
                bind(registries).to(ActiveRegistry.class);
                bind(executor).to(StepExecutor.class);
                bind(operations.metrics()).to(GatewayMetrics.class);
                bind(plugins.manager()).to(PluginManager.class);
                bind(new ReadinessChecks(checks)).to(ReadinessChecks.class);
                events.bindTo(this);
                bind(new StepBatchExecutor(events.steps(), Math.min(config.batchParallelism(),
                        Math.min(config.maxInFlight(), config.maxInFlightPerHandler()))))
                        .to(StepBatchExecutor.class);
            }
        });

        register(RequestIdFilter.class);
        if (config.tlsOn() && config.httpPort().isPresent()) {
            register(new PlainPortFilter(config.httpPaths()));
        }
        operations.registerWith(this, executor);
        register(new BodyLimitFilter(config.maxBodySize()));

        register(ProblemExceptionMapper.class);
        register(StepRejectedExceptionMapper.class);
        register(WebApplicationExceptionMapper.class);
        register(JsonExceptionMapper.class);
        register(CatchAllExceptionMapper.class);

        register(HandlersResource.class);
        register(StepsResource.class);
        register(HealthResource.class);
        register(DocsResource.class);
        register(PluginsResource.class);
        events.resources().forEach(this::register);
    }

    /**
     * Starts every managed component in order. On failure stops those already started, then the failed one
     * and those after it too (their constructors already opened resources, such as the store), and rethrows.
     */
    public synchronized void start() throws Exception {
        for (int i = 0; i < managed.size(); i++) {
            Managed component = managed.get(i);
            try {
                component.start();
                started.add(component);
            } catch (Exception e) {
                stop();
                for (int j = managed.size() - 1; j >= i; j--) {
                    stopQuietly(managed.get(j));
                }
                throw e;
            }
        }
    }

    /** Stops the started components in reverse order; errors are logged and the others still stop. */
    public synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            stopQuietly(started.get(i));
        }
        started.clear();
    }

    private static void stopQuietly(Managed component) {
        try {
            component.stop();
        } catch (Exception e) {
            LOG.error("failed to stop {}", component, e);
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ActiveRegistry registries() {
        return registries;
    }

    public StepExecutor executor() {
        return executor;
    }

    public Operations operations() {
        return operations;
    }

    public PluginManager plugins() {
        return plugins.manager();
    }

    /** The event publishers steps can name; plugin loading and embedding code register theirs here. */
    public PublisherRegistry publishers() {
        return events.publishers();
    }

    /** In-process consumers of {@code fast} and {@code broadcast} events subscribe here. */
    public FastEventDispatcher fastEvents() {
        return events.fastEvents();
    }

    private ReadinessCheck requiredHandlersCheck() {
        List<String> required = config.requiredHandlers();
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "required_handlers";
            }

            @Override
            public Optional<String> problem() {
                List<String> missing = required.stream()
                        .filter(name -> !registries.current().isRegistered(name)).toList();
                return missing.isEmpty() ? Optional.empty()
                        : Optional.of("not registered: " + String.join(", ", missing));
            }
        };
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return null;
        }
    }
}
