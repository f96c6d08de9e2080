package dev.tasker.gateway.events;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishers steps can name, from any source: the default publisher (always present), publishers
 * registered by embedding code, and those a plugin loader finds in plugin jars. A name is registered once;
 * a second publisher with the same name is refused. Thread-safe: writers are serialized and publish a new
 * immutable map in one step, so lookups never block and see each change whole (a plugin reload that swaps
 * its publishers never leaves a moment when a name it keeps is missing).
 */
public final class PublisherRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherRegistry.class);

    private final StepEventPublisher defaultPublisher;
    private volatile Map<String, StepEventPublisher> publishers;

    public PublisherRegistry(StepEventPublisher defaultPublisher) {
        this.defaultPublisher = Objects.requireNonNull(defaultPublisher, "defaultPublisher");
        this.publishers = Map.of(defaultPublisher.name(), defaultPublisher);
    }

    /**
     * Adds a publisher.
     *
     * @throws IllegalArgumentException when another publisher already has its name
     */
    public synchronized void register(StepEventPublisher publisher) {
        String refused = replace(List.of(), List.of(publisher)).get(publisher);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
    }

    /**
     * Removes a publisher (a plugin jar unloaded). The default publisher stays.
     *
     * @return whether it was registered
     */
    public synchronized boolean unregister(String name) {
        if (name.equals(defaultPublisher.name()) || !publishers.containsKey(name)) {
            return false;
        }
        Map<String, StepEventPublisher> next = new HashMap<>(publishers);
        next.remove(name);
        publishers = Map.copyOf(next);
        return true;
    }

    /**
     * Removes the publishers named {@code removed} and adds {@code added}, seen by lookups as one change (a
     * plugin reload). A publisher whose name is taken, by one that stays or one added before it, is not added.
     *
     * @return the publishers refused, each with the reason
     */
    public synchronized Map<StepEventPublisher, String> replace(Collection<String> removed,
                                                                List<StepEventPublisher> added) {
        Map<String, StepEventPublisher> next = new HashMap<>(publishers);
        removed.stream().filter(name -> !name.equals(defaultPublisher.name())).forEach(next::remove);
        Map<StepEventPublisher, String> refused = new LinkedHashMap<>();
        for (StepEventPublisher publisher : added) {
            String name = Objects.requireNonNull(publisher.name(), "publisher name");
            StepEventPublisher holder = next.putIfAbsent(name, publisher);
            if (holder != null && holder != publisher) {
                refused.put(publisher, taken(name, holder));
            }
        }
        publishers = Map.copyOf(next);
        added.stream().filter(p -> !refused.containsKey(p)).forEach(p ->
                LOG.info("event publisher '{}' registered ({})", p.name(), p.getClass().getName()));
        return refused;
    }

    private static String taken(String name, StepEventPublisher holder) {
        return "a publisher named '" + name + "' is already registered (" + holder.getClass().getName() + ")";
    }

    public Optional<StepEventPublisher> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(publishers.get(name));
    }

    /** The named publisher; the default one when the name is null or not registered (logged). */
    public StepEventPublisher getOrDefault(String name) {
        if (name == null) {
            return defaultPublisher;
        }
        StepEventPublisher publisher = publishers.get(name);
        if (publisher == null) {
            LOG.warn("no event publisher named '{}'; the default publisher is used", name);
            return defaultPublisher;
        }
        return publisher;
    }

    public StepEventPublisher defaultPublisher() {
        return defaultPublisher;
    }

    /** Registered names, sorted. */
    public List<String> registeredNames() {
        return publishers.keySet().stream().sorted().toList();
    }
}
