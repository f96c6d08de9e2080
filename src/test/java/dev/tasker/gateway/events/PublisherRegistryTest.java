package dev.tasker.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublisherRegistryTest {

    private static StepEventPublisher named(String name) {
        return new StepEventPublisher() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public PublishResult publish(StepEventContext context) {
                return PublishResult.nothing();
            }
        };
    }

    private final PublisherRegistry registry = new PublisherRegistry(named("default"));

    @Test
    void replaceRemovesAndAddsInOneChangeAndReportsTakenNames() {
        registry.register(named("audit"));
        registry.register(named("kept"));
        StepEventPublisher newAudit = named("audit");
        StepEventPublisher clash = named("kept");
        StepEventPublisher fresh = named("metrics");

        Map<StepEventPublisher, String> refused = registry.replace(Set.of("audit"), List.of(newAudit, clash, fresh));

        assertThat(refused).containsOnlyKeys(clash);
        assertThat(refused.get(clash)).contains("'kept'");
        assertThat(registry.get("audit")).containsSame(newAudit);
        assertThat(registry.get("metrics")).containsSame(fresh);
        assertThat(registry.registeredNames()).containsExactly("audit", "default", "kept", "metrics");
    }

    @Test
    void aPublisherKeptAcrossReplacementsIsNeverMissingForAReader() throws Exception {
        registry.replace(Set.of(), List.of(named("audit")));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                if (registry.get("audit").isEmpty()) {
                    misses.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        for (int i = 0; i < 20_000; i++) {
            registry.replace(Set.of("audit"), List.of(named("audit")));
        }
        stop.set(true);
        reader.join();

        assertThat(reads.get()).isPositive();
        assertThat(misses).as("lookups that found the reloaded publisher missing").hasValue(0);
    }
}
