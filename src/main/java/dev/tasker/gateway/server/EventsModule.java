package dev.tasker.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.events.DefaultStepEventPublisher;
import dev.tasker.gateway.events.EventStats;
import dev.tasker.gateway.events.FastEventDispatcher;
import dev.tasker.gateway.events.PayloadSchemaValidator;
import dev.tasker.gateway.events.PublisherRegistry;
import dev.tasker.gateway.events.StepEventPipeline;
import dev.tasker.gateway.execution.IdempotentStepExecutor;
import dev.tasker.gateway.execution.StepExecutor;
import dev.tasker.gateway.http.ReadinessCheck;
import dev.tasker.gateway.http.EventsResource;
import dev.tasker.gateway.http.WebhooksResource;
import dev.tasker.gateway.metrics.GatewayMetrics;
import dev.tasker.gateway.store.AttemptWriter;
import dev.tasker.gateway.store.Database;
import dev.tasker.gateway.store.InMemoryDeliveryClaims;
import dev.tasker.gateway.store.JdbcDeliveryLog;
import dev.tasker.gateway.store.JdbcDeliveryQueue;
import dev.tasker.gateway.store.GroupCommitWriter;
import dev.tasker.gateway.store.JdbcStepClaims;
import dev.tasker.gateway.store.JdbcStepResultStore;
import dev.tasker.gateway.store.StoredKeys;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.store.StoreException;
import dev.tasker.gateway.webhook.DeliveryTargetGuard;
import dev.tasker.gateway.webhook.PrivateNetworkTargetGuard;
import dev.tasker.gateway.webhook.FastWebhookListener;
import dev.tasker.gateway.webhook.WebhookConfig;
import dev.tasker.gateway.webhook.WebhookDispatcher;
import dev.tasker.gateway.webhook.WebhookOperations;
import dev.tasker.gateway.webhook.WebhookSender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the store, the idempotency layer, the event publishers and the webhook delivery: built once by
 * {@link GatewayApplication}, started before the server accepts requests and stopped after it.
 */
final class EventsModule implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(EventsModule.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock = Clock.systemUTC();
    private final Database database;
    private final GroupCommitWriter writer;
    private final AttemptWriter attempts;
    private final JdbcStepResultStore results;
    /** The keys the store may hold, when this process alone writes it (null otherwise). */
    private final StoredKeys storedKeys;
    /** Null when attempts are not claimed (the store is this instance's alone). */
    private final JdbcStepClaims claims;
    private final PublisherRegistry publishers;
    private final EventStats stats;
    private final FastEventDispatcher fast = new FastEventDispatcher(2, 10_000);
    private final WebhookConfig webhooks;
    private final IdempotentStepExecutor steps;
    private final JdbcDeliveryQueue queue;
    private final JdbcDeliveryLog log;
    private final WebhookDispatcher dispatcher;
    private final WebhookOperations operations;
    /** Refuses private and internal addresses unless an endpoint opts in; metadata addresses always. */
    private final DeliveryTargetGuard guard = new PrivateNetworkTargetGuard();
    private final Duration eventRetention;
    private ScheduledExecutorService maintenance;

    EventsModule(GatewayConfig config, ObjectMapper mapper, StepExecutor executor, String workerId,
                 GatewayMetrics metrics) {
        this.stats = new EventStats(metrics);
        this.webhooks = config.webhooks();
        String url = config.dbUrl().orElseGet(() -> Database.embeddedUrl(config.dataDir()));
        try {
            this.database = Database.open(url, config.dbPoolSize());
        } catch (StoreException e) {
            throw new ConfigException(e.getMessage() + " (GATEWAY_DB_URL / GATEWAY_DATA_DIR)", e);
        }
        // a store no other process can open: claims held in memory (each delivery written once, when recorded)
        this.attempts = new AttemptWriter(database, WRITE_TIMEOUT,
                database.exclusive() ? new InMemoryDeliveryClaims() : null);
        this.queue = new JdbcDeliveryQueue(database, attempts);
        this.log = new JdbcDeliveryLog(database);
        this.eventRetention = config.eventRetention();
        metrics.outboxDepth(this::undeliveredCount);
        WebhookSender sender = new WebhookSender(guard, mapper, clock, metrics);
        this.dispatcher = new WebhookDispatcher(webhooks, queue, sender, clock,
                () -> ThreadLocalRandom.current().nextDouble(), workerId, config.webhookPollInterval());
        this.operations = new WebhookOperations(webhooks, queue, log, dispatcher::wake, clock);
        fast.addListener(new FastWebhookListener(webhooks, sender, mapper, queue, clock));
        this.storedKeys = database.exclusive() ? new StoredKeys(database, clock) : null;
        this.writer = new GroupCommitWriter(database, WRITE_TIMEOUT, dispatcher, attempts, storedKeys,
                dispatcher::wake);
        this.results = new JdbcStepResultStore(database, mapper, clock, storedKeys);
        this.publishers = new PublisherRegistry(new DefaultStepEventPublisher(new PayloadSchemaValidator(mapper)));
        StepEventPipeline pipeline = new StepEventPipeline(publishers, stats, clock);
        this.claims = claimsAttempts(config.stepClaims(), database)
                ? new JdbcStepClaims(database, writer, workerId + "/" + Uuids.v7(), clock) : null;
        OutboxStepRecorder recorder = new OutboxStepRecorder(pipeline, fast, webhooks, writer, mapper, clock,
                config.idempotencyTtl(), () -> ThreadLocalRandom.current().nextDouble(), config.storeUnroutedEvents(),
                claims != null);
        this.steps = new IdempotentStepExecutor(executor, results, recorder, mapper, claims,
                config.stepClaimMargin(), clock);
        if (claims != null) {
            LOG.info("attempts are claimed in the store before they run (step_claims={}), as instance {}",
                    config.stepClaims(), claims.instanceId());
        }
    }

    /**
     * Whether attempts are claimed in the store: {@code on}, {@code off}, or {@code auto} = whenever other
     * processes can use the store (not an embedded H2 file, whose lock keeps them out).
     */
    static boolean claimsAttempts(String setting, Database database) {
        return switch (setting) {
            case "on" -> true;
            case "off" -> false;
            default -> !database.exclusive();
        };
    }

    /** Binds the instances the resources inject. */
    void bindTo(AbstractBinder binder) {
        binder.bind(steps).to(IdempotentStepExecutor.class);
        binder.bind(stats).to(EventStats.class);
        binder.bind(publishers).to(PublisherRegistry.class);
        binder.bind(operations).to(WebhookOperations.class);
        binder.bind(writer).to(GroupCommitWriter.class);
        binder.bind(attempts).to(AttemptWriter.class);
    }

    /** The resources of the operations API. */
    List<Class<?>> resources() {
        return List.of(WebhooksResource.class, EventsResource.class);
    }

    IdempotentStepExecutor steps() {
        return steps;
    }

    PublisherRegistry publishers() {
        return publishers;
    }

    EventStats stats() {
        return stats;
    }

    FastEventDispatcher fastEvents() {
        return fast;
    }

    WebhookConfig webhooks() {
        return webhooks;
    }

    Database database() {
        return database;
    }

    GroupCommitWriter writer() {
        return writer;
    }

    /** Deliveries not yet delivered or dead (the outbox depth metric). */
    private long undeliveredCount() {
        try (Connection connection = database.connection();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT COUNT(*) FROM webhook_deliveries WHERE state IN ('PENDING', 'FAILED')");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count undelivered deliveries: " + e.getMessage(), e);
        }
    }

    /** {@code store}: the database answers. */
    ReadinessCheck storeCheck() {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "store";
            }

            @Override
            public Optional<String> problem() {
                return database.reachable() ? Optional.empty()
                        : Optional.of("the store does not answer: " + database.description());
            }
        };
    }

    @Override
    public void start() {
        if (database.exclusive()) {
            queue.releaseAllClaims(); // the store is this instance's alone: claims left are from a dead run
        }
        dispatcher.start();
        maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        if (storedKeys != null) {
            maintenance.execute(this::fillStoredKeys); // until it is done, every step is looked up
        }
        maintenance.scheduleWithFixedDelay(this::purge, 1, 10, TimeUnit.MINUTES);
    }

    private void fillStoredKeys() {
        try {
            storedKeys.fill(writer);
        } catch (RuntimeException e) {
            LOG.warn("filling the idempotency key filter failed, steps are looked up until the next purge: {}",
                    e.getMessage());
        }
    }

    private void purge() {
        try {
            int purgedResults = this.results.purgeExpired();
            if (storedKeys != null && (purgedResults > 0 || !storedKeys.filled())) {
                fillStoredKeys(); // the purged keys out of the filter
            }
            int results = purgedResults + (claims == null ? 0 : claims.purgeExpired());
            int events = log.purgeSettled(clock.instant().minus(eventRetention));
            if (results + events > 0) {
                LOG.info("purged {} expired step results and claims and {} settled events", results, events);
            }
        } catch (RuntimeException e) {
            LOG.warn("purging the store failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        dispatcher.close();
        fast.close();
        attempts.close();
        writer.close();
        database.close();
    }
}
