package dev.tasker.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.Handlers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Registry rules, without a server. */
class HandlerRegistryTest {

    private static final HandlerSource ORDERS_JAR = HandlerSource.plugin("orders.jar", "ab12", Instant.EPOCH);

    private static StepHandler handler(String name, String... aliases) {
        return Handlers.named(name, "1.0.0", List.of(aliases), context -> StepExecutionResult.success(context.stepUuid(), name));
    }

    @Test
    void resolvesByNameAndByAlias() {
        HandlerRegistry registry = new HandlerRegistry();
        RegisteredHandler registered = registry.register(handler("process_payment", "payments", "charge"));

        assertThat(registry.resolve("process_payment")).containsSame(registered);
        assertThat(registry.resolve("payments")).containsSame(registered);
        assertThat(registry.resolve("charge")).containsSame(registered);
        assertThat(registry.isRegistered("charge")).isTrue();
        assertThat(registry.isRegistered("refund")).isFalse();
        assertThat(registry.resolve(null)).isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void aTakenNameIsRefusedNamingBothHandlersAndTheirSources() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(handler("process_payment"));

        assertThatThrownBy(() -> registry.register(handler("process_payment"), ORDERS_JAR))
                .isInstanceOf(HandlerNameConflictException.class)
                .hasMessageContaining("'process_payment'")
                .hasMessageContaining("builtin")
                .hasMessageContaining("plugin orders.jar")
                .satisfies(e -> {
                    HandlerNameConflictException conflict = (HandlerNameConflictException) e;
                    assertThat(conflict.key()).isEqualTo("process_payment");
                    assertThat(conflict.existing().source()).isEqualTo(HandlerSource.BUILTIN);
                    assertThat(conflict.refused().source()).isEqualTo(ORDERS_JAR);
                });
    }

    @Test
    void anAliasClashingWithAnotherHandlersNameIsRefusedNamingBoth() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(handler("refund"), ORDERS_JAR);

        assertThatThrownBy(() -> registry.register(handler("process_payment", "refund")))
                .isInstanceOf(HandlerNameConflictException.class)
                .hasMessageContaining("'refund'")
                .hasMessageContaining("'process_payment' (builtin)")
                .hasMessageContaining("'refund' (plugin orders.jar)");
    }

    @Test
    void aNameClashingWithAnotherHandlersAliasIsRefused() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(handler("process_payment", "charge"));

        assertThatThrownBy(() -> registry.register(handler("charge"), ORDERS_JAR))
                .isInstanceOf(HandlerNameConflictException.class)
                .hasMessageContaining("'charge'")
                .hasMessageContaining("'process_payment' (builtin)");
    }

    @Test
    void nothingOfARefusedHandlerIsRegistered() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(handler("taken"));

        assertThatThrownBy(() -> registry.register(handler("fresh", "also_fresh", "taken")))
                .isInstanceOf(HandlerNameConflictException.class);

        assertThat(registry.isRegistered("fresh")).isFalse();
        assertThat(registry.isRegistered("also_fresh")).isFalse();
        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.listHandlers()).extracting(HandlerDescriptor::name).containsExactly("taken");
    }

    @Test
    void blankNamesAndRepeatedAliasesAreRefused() {
        HandlerRegistry registry = new HandlerRegistry();

        assertThatThrownBy(() -> registry.register(handler(" "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(handler("a", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(handler("a", "b", "b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(handler("a", ""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.size()).isZero();
    }

    @Test
    void listingIsSortedByNameAndDescribesEachHandler() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(handler("zeta"));
        registry.register(handler("alpha", "z_alias", "a_alias"), ORDERS_JAR);
        registry.register(handler("mid"));

        List<HandlerDescriptor> handlers = registry.listHandlers();

        assertThat(handlers).extracting(HandlerDescriptor::name).containsExactly("alpha", "mid", "zeta");
        HandlerDescriptor alpha = handlers.get(0);
        assertThat(alpha.aliases()).containsExactly("a_alias", "z_alias");
        assertThat(alpha.version()).isEqualTo("1.0.0");
        assertThat(alpha.kind()).isEqualTo("standard");
        assertThat(alpha.source()).isEqualTo(ORDERS_JAR);
    }

    @Test
    void concurrentRegistrationKeepsEveryHandlerAndLetsOneWinASharedName() throws Exception {
        HandlerRegistry registry = new HandlerRegistry();
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger sharedWins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        registry.register(handler("h_" + thread + "_" + i, "alias_" + thread + "_" + i));
                        try {
                            registry.register(handler("shared_" + (i % 10)));
                            sharedWins.incrementAndGet();
                        } catch (HandlerNameConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(sharedWins.get()).isEqualTo(10);
        assertThat(conflicts.get()).isEqualTo(threads * perThread - 10);
        assertThat(registry.size()).isEqualTo(threads * perThread + 10);
        List<String> names = registry.listHandlers().stream().map(HandlerDescriptor::name).toList();
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        assertThat(names).isEqualTo(sorted).doesNotHaveDuplicates();
        assertThat(registry.resolve("alias_7_99")).map(RegisteredHandler::name).contains("h_7_99");
    }

    @Test
    void activeRegistrySwapsWholeRegistries() {
        HandlerRegistry first = new HandlerRegistry();
        first.register(handler("old"));
        HandlerRegistry second = new HandlerRegistry();
        second.register(handler("new"));
        ActiveRegistry active = new ActiveRegistry(first);

        assertThat(active.swap(second)).isSameAs(first);
        assertThat(active.current().isRegistered("new")).isTrue();
        assertThat(active.current().isRegistered("old")).isFalse();
    }
}
