package dev.tasker.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.execution.ExecutedStep;
import dev.tasker.gateway.examples.EchoHandler;
import dev.tasker.gateway.model.DeliveryMode;
import dev.tasker.gateway.model.EventCondition;
import dev.tasker.gateway.model.EventDeclaration;
import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.model.StepDefinition;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.execution.StepNormalizer;
import dev.tasker.gateway.registry.HandlerSource;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StepEventPipelineTest {

    private final EventStats stats = new EventStats();
    private final PublisherRegistry registry =
            new PublisherRegistry(new DefaultStepEventPublisher(new PayloadSchemaValidator(WireJson.newObjectMapper())));
    private final StepEventPipeline pipeline = new StepEventPipeline(registry, stats, Clock.systemUTC());

    private static ExecutedStep executed(List<EventDeclaration> events, StepExecutionResult result) {
        StepDefinition definition = new StepDefinition("charge", null, new HandlerDefinition("echo", null, null, Map.of()),
                null, null, List.of(), null, null, events, null, null, null);
        TaskSequenceStep step = new StepNormalizer().normalize(new TaskSequenceStep(null, null, Map.of(), definition));
        return new ExecutedStep(step, new RegisteredHandler(new EchoHandler(), HandlerSource.BUILTIN),
                result.withStepUuid(step.workflowStep().workflowStepUuid()), false);
    }

    private static EventDeclaration declared(String name, EventCondition condition, String publisher) {
        return new EventDeclaration(name, null, condition, null, DeliveryMode.DURABLE, publisher);
    }

    private static List<String> names(List<PublishedEvent> events) {
        return events.stream().map(e -> e.event().eventName()).toList();
    }

    private static final UUID ANY = UUID.randomUUID();

    @Nested
    class Conditions {

        @ParameterizedTest
        @CsvSource({"success, true, false, true", "success, false, true, false", "failure, false, true, true",
                "failure, true, false, false", "retryable_failure, false, true, true",
                "retryable_failure, false, false, false", "permanent_failure, false, false, true",
                "permanent_failure, false, true, false", "always, true, false, true", "always, false, false, true"})
        void declaredEventFiresWhenItsConditionHolds(String condition, boolean success, boolean retryable,
                                                     boolean fires) {
            StepExecutionResult result = success ? StepExecutionResult.success(ANY, Map.of())
                    : StepExecutionResult.failure(ANY, "no", "E", "permanent_error", retryable, 0, Map.of());
            EventCondition parsed = EventCondition.valueOf(condition.toUpperCase());

            List<PublishedEvent> events = pipeline.eventsOf(executed(List.of(declared("x.happened", parsed, null)), result));

            assertThat(names(events).contains("x.happened")).isEqualTo(fires);
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void everyStepEmitsItsLifecycleEventWithTheHandlerOutcome() {
            StepExecutionResult failed = StepExecutionResult.failure(ANY, "declined", "CARD_DECLINED",
                    "permanent_error", false, 12, Map.of());

            List<PublishedEvent> events = pipeline.eventsOf(executed(List.of(), failed));

            assertThat(names(events)).containsExactly("step.failed");
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) events.get(0).event().payload().payload();
            assertThat(payload).containsEntry("handler", "echo").containsEntry("status", "failed")
                    .containsEntry("error_type", "permanent_error").containsEntry("error_code", "CARD_DECLINED")
                    .containsEntry("retryable", false).containsKey("execution_time_ms");
            assertThat(events.get(0).durable()).isTrue();
        }

        @Test
        void successAndErrorHaveTheirOwnNames() {
            assertThat(names(pipeline.eventsOf(executed(List.of(), StepExecutionResult.success(ANY, 1)))))
                    .containsExactly("step.completed");
            assertThat(names(pipeline.eventsOf(executed(List.of(), StepExecutionResult.error(ANY, "x", "handler_error")))))
                    .containsExactly("step.error");
        }
    }

    @Nested
    class Publishers {

        @Test
        void firstDeclaredEventNamesThePublisherOfTheStep() {
            registry.register(new StepEventPublisher() {
                @Override
                public String name() {
                    return "audit";
                }

                @Override
                public PublishResult publish(StepEventContext context) {
                    return PublishResult.of(List.of(context.publish("audit.recorded", Map.of("step", context.stepName()),
                            DeliveryMode.BROADCAST)), List.of());
                }
            });

            List<PublishedEvent> events = pipeline.eventsOf(executed(
                    List.of(declared("x.happened", EventCondition.ALWAYS, "audit")), StepExecutionResult.success(ANY, 1)));

            assertThat(names(events)).containsExactly("audit.recorded", "step.completed");
            assertThat(events.get(0).event().metadata().firedBy()).isEqualTo("audit");
            assertThat(events.get(0).fast()).isTrue();
            assertThat(events.get(0).durable()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"runtime", "stack_overflow", "assertion", "shouldHandle"})
        void throwingPublisherLosesItsEventsButNotTheLifecycleEvent(String fault) {
            registry.register(new StepEventPublisher() {
                @Override
                public boolean shouldHandle(String stepName) {
                    if (fault.equals("shouldHandle")) {
                        throw new IllegalStateException("cannot decide");
                    }
                    return true;
                }

                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public PublishResult publish(StepEventContext context) {
                    context.publish("half.done", null, DeliveryMode.DURABLE);
                    switch (fault) {
                        case "stack_overflow" -> throw new StackOverflowError();
                        case "assertion" -> throw new AssertionError("boom");
                        default -> throw new IllegalStateException("boom");
                    }
                }
            });

            List<PublishedEvent> events = pipeline.eventsOf(executed(
                    List.of(declared("x.happened", EventCondition.ALWAYS, "broken")), StepExecutionResult.success(ANY, 1)));

            assertThat(names(events)).containsExactly("step.completed");
            assertThat(stats.rows()).anySatisfy(row -> {
                assertThat(row.publisher()).isEqualTo("broken");
                assertThat(row.failed()).isEqualTo(1);
            });
        }

        @Test
        void unknownPublisherNameFallsBackToTheDefault() {
            List<PublishedEvent> events = pipeline.eventsOf(executed(
                    List.of(declared("x.happened", EventCondition.SUCCESS, "nobody")), StepExecutionResult.success(ANY, 1)));

            assertThat(names(events)).containsExactly("x.happened", "step.completed");
            assertThat(events.get(0).event().metadata().firedBy()).isEqualTo(DefaultStepEventPublisher.NAME);
        }

        @Test
        void publisherThatDoesNotHandleTheStepPublishesNothing() {
            registry.register(new StepEventPublisher() {
                @Override
                public String name() {
                    return "picky";
                }

                @Override
                public boolean shouldHandle(String stepName) {
                    return !stepName.equals("charge");
                }

                @Override
                public PublishResult publish(StepEventContext context) {
                    throw new AssertionError("not called");
                }
            });

            assertThat(names(pipeline.eventsOf(executed(List.of(declared("x", EventCondition.ALWAYS, "picky")),
                    StepExecutionResult.success(ANY, 1))))).containsExactly("step.completed");
        }

        @Test
        void registryRefusesASecondPublisherWithTheSameNameAndKeepsTheDefault() {
            StepEventPublisher first = named("dup");
            registry.register(first);

            assertThatThrownBy(() -> registry.register(named("dup"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dup");
            assertThat(registry.get("dup")).containsSame(first);
            assertThat(registry.registeredNames()).containsExactly(DefaultStepEventPublisher.NAME, "dup");
            assertThat(registry.unregister(DefaultStepEventPublisher.NAME)).isFalse();
            assertThat(registry.unregister("dup")).isTrue();
            assertThat(registry.getOrDefault("dup")).isSameAs(registry.defaultPublisher());
        }

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
            assertThat(registry.registeredNames())
                    .containsExactlyInAnyOrder("audit", DefaultStepEventPublisher.NAME, "kept", "metrics");
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

        private StepEventPublisher named(String name) {
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
    }
}
