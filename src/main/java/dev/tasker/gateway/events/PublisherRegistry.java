package dev.tasker.gateway.events;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishers steps can name, from any source: the default publisher (always present), publishers
 * registered by embedding code, and those a plugin loader finds in plugin jars. A name is registered once;
 * a second publisher with the same name is refused. Thread-safe; lookups see registrations at once.
 */
public final class PublisherRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherRegistry.class);

    private final StepEventPublisher defaultPublisher;
    private final ConcurrentHashMap<String, StepEventPublisher> publishers = new ConcurrentHashMap<>();

    public PublisherRegistry(StepEventPublisher defaultPublisher) {
        this.defaultPublisher = Objects.requireNonNull(defaultPublisher, "defaultPublisher");
        publishers.put(defaultPublisher.name(), defaultPublisher);
    }

    /**
     * Adds a publisher.
     *
     * @throws IllegalArgumentException when another publisher already has its name
     */
    public void register(StepEventPublisher publisher) {
        String name = Objects.requireNonNull(publisher.name(), "publisher name");
        StepEventPublisher previous = publishers.putIfAbsent(name, publisher);
        if (previous != null && previous != publisher) {
            throw new IllegalArgumentException("a publisher named '" + name + "' is already registered ("
                    + previous.getClass().getName() + ")");
        }
        LOG.info("event publisher '{}' registered ({})", name, publisher.getClass().getName());
    }

    /**
     * Removes a publisher (a plugin jar unloaded). The default publisher stays.
     *
     * @return whether it was registered
     */
    public boolean unregister(String name) {
        if (name.equals(defaultPublisher.name())) {
            return false;
        }
        return publishers.remove(name) != null;
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
