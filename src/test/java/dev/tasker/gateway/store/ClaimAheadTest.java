package dev.tasker.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.Closer;
import dev.tasker.gateway.testing.StoreRows;
import dev.tasker.gateway.testing.WebhookReceiver;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dispatcher claims ahead of its slots, within its bound: {@code max_in_flight} attempts at once and as many
 * claimed ahead, never more, however many deliveries are due; what it claimed ahead is released when the
 * endpoint is disabled; every delivery is sent once. Both with claims in the store and held in memory.
 */
class ClaimAheadTest {

    private static final int MAX_IN_FLIGHT = 3;
    private static final int DELIVERIES = 30;
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String WORKER = "claim-ahead-test";

    @RegisterExtension
    final Closer closing = new Closer();
    /** The claims held in memory, or null: in the store. */
    private InMemoryDeliveryClaims held;

    private <T extends AutoCloseable> T closed(T resource) {
        return closing.add(resource);
    }

    /** A store with DELIVERIES due to "orders", a dispatcher for it sending to {@code receiver}. */
    private Database storeWithDueDeliveries() throws Exception {
        Database database = closed(Database.open(Database.embeddedUrl(Files.createTempDirectory("claim-ahead")), 8));
        GroupCommitWriter writer = closed(new GroupCommitWriter(database, Duration.ofSeconds(30), () -> { }));
        DueDeliveries.store(writer, "orders", DELIVERIES, Instant.now().minusSeconds(1));
        return database;
    }

    private WebhookDispatcher dispatcher(Database database, JdbcDeliveryQueue queue, WebhookReceiver receiver) {
        WebhookEndpoint endpoint = new WebhookEndpoint("orders", receiver.url(),
                List.of(WebhookSecret.parse("whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=")),
                List.of("order.confirmed"), List.of(), Duration.ofSeconds(60), RetrySchedule.DEFAULT, true,
                MAX_IN_FLIGHT);
        WebhookSender sender = new WebhookSender(new PrivateNetworkTargetGuard(), WireJson.newObjectMapper(),
                Clock.systemUTC());
        WebhookDispatcher dispatcher = new WebhookDispatcher(new WebhookConfig(List.of(endpoint)), queue, sender,
                Clock.systemUTC(), () -> 0.5, WORKER, Duration.ofMillis(20));
        return dispatcher;
    }

    @ParameterizedTest(name = "claims in memory: {0}")
    @ValueSource(booleans = {false, true})
    void holdsAtMostMaxInFlightSentAndAsManyClaimedAheadThenSendsEachOnce(boolean inMemory) throws Exception {
        Database database = storeWithDueDeliveries();
        held = inMemory ? new InMemoryDeliveryClaims() : null;
        AttemptWriter attempts = closed(new AttemptWriter(database, Duration.ofSeconds(30), held));
        JdbcDeliveryQueue queue = new JdbcDeliveryQueue(database, attempts);
        WebhookReceiver receiver = closed(WebhookReceiver.start());
        receiver.hold();
        WebhookDispatcher dispatcher = closed(dispatcher(database, queue, receiver));
        dispatcher.start();

        await(() -> receiver.received().size() == MAX_IN_FLIGHT && claimed(database) == 2 * MAX_IN_FLIGHT);
        for (int round = 0; round < 20; round++) { // the loop runs every 20 ms: it had many chances to claim more
            dispatcher.wake();
            Thread.sleep(10);
            assertThat(claimed(database)).isEqualTo(2 * MAX_IN_FLIGHT);
            assertThat(receiver.received()).hasSize(MAX_IN_FLIGHT);
        }

        receiver.release();
        await(() -> count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'DELIVERED'") == DELIVERIES);
        assertThat(receiver.received()).hasSize(DELIVERIES);
        assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(DELIVERIES);
        assertThat(count(database, "SELECT COUNT(*) FROM delivery_attempts")).isEqualTo(DELIVERIES);
        assertThat(claimed(database)).isZero();
    }

    @ParameterizedTest(name = "claims in memory: {0}")
    @ValueSource(booleans = {false, true})
    void releasesWhatItClaimedAheadWhenTheEndpointIsDisabled(boolean inMemory) throws Exception {
        Database database = storeWithDueDeliveries();
        held = inMemory ? new InMemoryDeliveryClaims() : null;
        AttemptWriter attempts = closed(new AttemptWriter(database, Duration.ofSeconds(30), held));
        JdbcDeliveryQueue queue = new JdbcDeliveryQueue(database, attempts);
        WebhookReceiver receiver = closed(WebhookReceiver.start());
        receiver.hold();
        WebhookDispatcher dispatcher = closed(dispatcher(database, queue, receiver));
        dispatcher.start();
        await(() -> receiver.received().size() == MAX_IN_FLIGHT && claimed(database) == 2 * MAX_IN_FLIGHT);

        queue.setEndpointDisabled("orders", "test: disabled", Instant.now());
        dispatcher.wake();
        await(() -> claimed(database) == MAX_IN_FLIGHT); // the attempts in flight keep theirs
        receiver.release();
        await(() -> count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'DELIVERED'")
                == MAX_IN_FLIGHT);

        assertThat(claimed(database)).isZero();
        assertThat(receiver.received()).hasSize(MAX_IN_FLIGHT);
        assertThat(count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'PENDING'"))
                .isEqualTo(DELIVERIES - MAX_IN_FLIGHT);
    }

    private int claimed(Database database) {
        if (held != null) {
            assertThat(count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE claimed_by IS NOT NULL")).isZero();
            return held.holding();
        }
        return count(database, "SELECT COUNT(*) FROM webhook_deliveries WHERE claimed_by = '" + WORKER + "'");
    }

    private static int count(Database database, String sql) {
        return StoreRows.count(database, sql);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        StoreRows.await(AWAIT, condition);
    }
}
