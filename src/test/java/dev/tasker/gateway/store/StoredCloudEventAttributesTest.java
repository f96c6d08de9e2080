package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.execution.StepKey;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.Closer;
import dev.tasker.gateway.testing.PostgresDatabase;
import dev.tasker.gateway.testing.StoreRows;
import dev.tasker.gateway.testing.WebhookReceiver;
import dev.tasker.gateway.webhook.CloudEventAttributes;
import dev.tasker.gateway.webhook.DeliveryHandoff;
import dev.tasker.gateway.webhook.DeliveryQueue;
import dev.tasker.gateway.webhook.PrivateNetworkTargetGuard;
import dev.tasker.gateway.webhook.RetrySchedule;
import dev.tasker.gateway.webhook.WebhookConfig;
import dev.tasker.gateway.webhook.WebhookDispatcher;
import dev.tasker.gateway.webhook.WebhookEndpoint;
import dev.tasker.gateway.webhook.WebhookSecret;
import dev.tasker.gateway.webhook.WebhookSender;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code ce-source} and {@code ce-time} stored with an event are the ones its attempts send, without its body
 * being read: whether the delivery is claimed from the store, with claims in the store or held in memory, or
 * handed over by its commit, on H2 and PostgreSQL. An event stored without them (before they were stored) is
 * sent with those of its body, as before; so is one whose attributes a text column cannot hold (a NUL).
 */
class StoredCloudEventAttributesTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    /** A body whose own attributes differ from the stored ones: what is sent says which were used. */
    private static final String BODY = "{\"metadata\":{\"namespace\":\"in_body\",\"fired_at\":\"2020-01-01T00:00:00Z\"},"
            + "\"payload\":{\"task_sequence_step\":{\"task\":{\"task_name\":\"body_task\"}}}}";

    enum Path { CLAIMED_FROM_THE_STORE, CLAIMS_IN_MEMORY, HANDED_OVER }

    @RegisterExtension
    final Closer closing = new Closer();

    private <T extends AutoCloseable> T closed(T resource) {
        return closing.add(resource);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anAttemptSendsTheAttributesStoredWithItsEventAndReadsTheBodyOnlyOfOneStoredWithout(Path path)
            throws Exception {
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("ce")), 8));
        InMemoryDeliveryClaims held = path == Path.CLAIMS_IN_MEMORY ? new InMemoryDeliveryClaims() : null;
        AttemptWriter attempts = closed(new AttemptWriter(database, Duration.ofSeconds(30), held));
        WebhookReceiver receiver = closed(WebhookReceiver.start());
        WebhookEndpoint endpoint = new WebhookEndpoint("orders", receiver.url(),
                List.of(WebhookSecret.parse("whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=")),
                List.of("order.confirmed"), List.of(), Duration.ofSeconds(60), RetrySchedule.DEFAULT, true, 4);
        WebhookDispatcher dispatcher = closed(new WebhookDispatcher(new WebhookConfig(List.of(endpoint)),
                new JdbcDeliveryQueue(database, attempts), new WebhookSender(new PrivateNetworkTargetGuard(),
                WireJson.newObjectMapper(), Clock.systemUTC()), Clock.systemUTC(), () -> 0.5, "ce-test",
                Duration.ofSeconds(5)));
        AtomicInteger handedOver = new AtomicInteger();
        DeliveryHandoff counting = (name, dueAt) -> {
            DeliveryHandoff.Reservation reservation = dispatcher.reserve(name, dueAt);
            if (reservation != null) {
                handedOver.incrementAndGet();
            }
            return reservation;
        };
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30),
                path == Path.HANDED_OVER ? counting : DeliveryHandoff.NONE, dispatcher::wake));
        if (path == Path.HANDED_OVER) {
            dispatcher.start();
            StoreRows.await(AWAIT, () -> { // hand-overs are taken once the loop has read the endpoint's state
                DeliveryHandoff.Reservation probe = dispatcher.reserve("orders", Instant.now());
                if (probe != null) {
                    probe.cancel();
                }
                return probe != null;
            });
        }
        UUID stored = store(writer, new CloudEventAttributes("/tasker/stored/stored_task",
                "2030-01-02T03:04:05.000006Z"));
        UUID storedWithoutTime = store(writer, new CloudEventAttributes("/tasker/stored/untimed", null));
        UUID storedWithout = store(writer, null);
        if (path != Path.HANDED_OVER) {
            dispatcher.start();
        }

        StoreRows.await(AWAIT, () -> receiver.received().size() == 3);
        Map<String, WebhookReceiver.Received> sent = receiver.received().stream()
                .collect(Collectors.toMap(r -> r.header("webhook-id"), r -> r));
        assertThat(sent.get(stored.toString()).header("ce-source")).isEqualTo("/tasker/stored/stored_task");
        assertThat(sent.get(stored.toString()).header("ce-time")).isEqualTo("2030-01-02T03:04:05.000006Z");
        assertThat(sent.get(storedWithoutTime.toString()).header("ce-source")).isEqualTo("/tasker/stored/untimed");
        assertThat(sent.get(storedWithoutTime.toString()).header("ce-time"))
                .as("stored without a time: none sent, the body's is not read").isNull();
        assertThat(sent.get(storedWithout.toString()).header("ce-source")).isEqualTo("/tasker/in_body/body_task");
        assertThat(sent.get(storedWithout.toString()).header("ce-time")).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(sent.values()).allSatisfy(r -> assertThat(r.body()).isEqualTo(BODY));
        assertThat(StoreRows.count(database, "SELECT COUNT(*) FROM outbox_events WHERE ce_source IS NULL"))
                .isEqualTo(1);
        assertThat(handedOver).as("sent from the commit's hand-over, not claimed from the store")
                .hasValue(path == Path.HANDED_OVER ? 3 : 0);
    }

    /**
     * On each store, a claim reads back what was stored, none for an event stored without; attributes with a
     * NUL (a task name or namespace may hold one; a PostgreSQL text column cannot) are not stored, and the
     * commit does not fail for them.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aClaimReadsBackTheStoredAttributesOnEachStore(Dialect dialect) throws Exception {
        String url;
        if (dialect == Dialect.H2) {
            url = Database.embeddedUrl(Files.createTempDirectory("ce"));
        } else {
            url = closed(PostgresDatabase.create()).jdbcUrl();
        }
        Database database = closed(Database.open(url, 4));
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { }));
        CloudEventAttributes attributes = new CloudEventAttributes("/tasker/stored/stored_task",
                "2030-01-02T03:04:05.000006Z");
        UUID stored = store(writer, attributes);
        UUID storedWithout = store(writer, null);
        UUID withNul = store(writer, new CloudEventAttributes("/tasker/eco\0mmerce/stored_task", null), "eco\0mmerce");

        Instant now = Instant.now();
        Map<UUID, DeliveryQueue.DueDelivery> claimed = new JdbcDeliveryQueue(database)
                .claimDue("orders", 10, now, now.plusSeconds(60), "ce-test").stream()
                .collect(Collectors.toMap(DeliveryQueue.DueDelivery::eventId, d -> d));

        assertThat(claimed).hasSize(3);
        assertThat(claimed.get(stored).cloudEvent()).isEqualTo(attributes);
        assertThat(claimed.get(storedWithout).cloudEvent()).isNull();
        assertThat(claimed.get(withNul).cloudEvent()).as("not storable: read from the body when sent").isNull();
    }

    /** Commits a step with one event to "orders", due now, with these attributes stored (null: none). */
    private static UUID store(GroupCommitWriter writer, CloudEventAttributes attributes) {
        return store(writer, attributes, "ecommerce");
    }

    private static UUID store(GroupCommitWriter writer, CloudEventAttributes attributes, String namespace) {
        StepKey key = new StepKey(Uuids.v7(), 0);
        UUID eventId = Uuids.v7();
        Instant now = Instant.now();
        writer.write(new StepCommit(key, "{\"step_uuid\":\"" + key.stepUuid() + "\"}", now,
                now.plus(Duration.ofHours(1)), List.of(new OutboxEvent(eventId, "order.confirmed", namespace,
                key.stepUuid(), BODY, attributes, null,
                List.of(new OutboxEvent.NewDelivery("orders", now.minusSeconds(1)))))));
        return eventId;
    }
}
