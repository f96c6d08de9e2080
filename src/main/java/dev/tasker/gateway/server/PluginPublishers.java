package dev.tasker.gateway.server;

import dev.tasker.gateway.events.PublishResult;
import dev.tasker.gateway.events.PublisherRegistry;
import dev.tasker.gateway.events.StepEventContext;
import dev.tasker.gateway.events.StepEventPublisher;
import dev.tasker.gateway.execution.HandlerUsage;
import dev.tasker.gateway.plugin.LoadedJar;
import dev.tasker.gateway.plugin.PluginContribution;
import dev.tasker.gateway.plugin.PluginFailure;
import dev.tasker.gateway.plugin.PluginUsage;
import dev.tasker.gateway.plugin.ServiceScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds the {@link PublisherRegistry} from plugin jars: on every load and reload the publishers of the
 * previous snapshot are replaced by those of the new one, in one swap (a name already taken is a
 * {@code name_taken} failure naming both). Each call into a plugin's publisher holds a use of its jar, so a
 * reload never closes a class loader under a running publisher.
 */
final class PluginPublishers implements PluginContribution {

    private final PublisherRegistry registry;
    private final Set<String> fromPlugins = new HashSet<>();

    PluginPublishers(PublisherRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized List<PluginFailure> load(List<LoadedJar> jars) {
        List<PluginFailure> failures = new ArrayList<>();
        List<StepEventPublisher> found = new ArrayList<>();
        Map<StepEventPublisher, LoadedJar> jarOf = new HashMap<>();
        for (LoadedJar jar : jars) {
            ServiceScan<StepEventPublisher> scan = jar.services(StepEventPublisher.class);
            failures.addAll(scan.failures());
            for (StepEventPublisher publisher : scan.instances()) {
                try {
                    StepEventPublisher counted = new CountedPublisher(publisher);
                    found.add(counted);
                    jarOf.put(counted, jar);
                } catch (RuntimeException e) {
                    failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(), publisher.getClass().getName(),
                            PluginFailure.KIND_INVALID_HANDLER, e.getMessage()));
                }
            }
        }
        // one swap: a step naming a publisher that stays never finds it missing mid-reload
        Map<StepEventPublisher, String> refused = registry.replace(Set.copyOf(fromPlugins), found);
        fromPlugins.clear();
        for (StepEventPublisher publisher : found) {
            LoadedJar jar = jarOf.get(publisher);
            String reason = refused.get(publisher);
            if (reason == null) {
                fromPlugins.add(publisher.name());
            } else {
                failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(),
                        ((CountedPublisher) publisher).delegate.getClass().getName(),
                        PluginFailure.KIND_NAME_TAKEN, reason + ", also in " + jar.fileName()));
            }
        }
        return failures;
    }

    /** A plugin's publisher whose every call holds a use of its jar. */
    private static final class CountedPublisher implements StepEventPublisher {
        private final StepEventPublisher delegate;
        private final String name;

        CountedPublisher(StepEventPublisher delegate) {
            this.delegate = delegate;
            this.name = delegate.name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("publisher " + delegate.getClass().getName() + " has no name");
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean shouldHandle(String stepName) {
            Optional<HandlerUsage.Use> use = PluginUsage.beginUseOf(delegate);
            if (use.isEmpty()) {
                return false;
            }
            try {
                return delegate.shouldHandle(stepName);
            } finally {
                use.get().end();
            }
        }

        @Override
        public PublishResult publish(StepEventContext context) {
            Optional<HandlerUsage.Use> use = PluginUsage.beginUseOf(delegate);
            if (use.isEmpty()) {
                return PublishResult.failed("the plugin jar of publisher '" + name + "' was unloaded");
            }
            try {
                return delegate.publish(context);
            } finally {
                use.get().end();
            }
        }
    }
}
