package dev.tasker.gateway.registry;

import dev.tasker.gateway.handler.ResolutionContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.model.HandlerDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolvers of a {@link HandlerRegistry} after its registered names ({@code explicit_mapping},
 * priority 10): ordered by priority, then name. A resolver's answer for a callable is registered once (its
 * descriptor asked, its schema compiled) and kept with this chain, so until the next reload a callable
 * resolves to the same handler without asking the resolver again; at most {@value #MAX_CACHED} are kept, past
 * that the resolver is asked every time. A resolver that throws, or answers a handler whose declarations
 * cannot be used, is logged (once per resolver) and skipped. Thread-safe.
 */
final class ResolverChain {

    static final String EXPLICIT_MAPPING = "explicit_mapping";
    static final int EXPLICIT_MAPPING_PRIORITY = 10;
    static final int MIN_PLUGIN_PRIORITY = 20;
    static final int MAX_PLUGIN_PRIORITY = 99;
    private static final int MAX_CACHED = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ResolverChain.class);

    /** A resolver with what it said of itself at registration and where it came from. */
    record Link(StepHandlerResolver resolver, String name, int priority, HandlerSource source) {
    }

    private volatile List<Link> links = List.of();
    private final ConcurrentHashMap<String, RegisteredHandler> resolved = new ConcurrentHashMap<>();
    private final Set<String> failingLogged = ConcurrentHashMap.newKeySet();

    /**
     * @throws IllegalArgumentException when the name is blank, reserved or taken, or a plugin's priority is
     *                                  outside 20 to 99
     */
    synchronized Link add(StepHandlerResolver resolver, HandlerSource source) {
        String name = resolver.name();
        int priority = resolver.priority();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("resolver " + resolver.getClass().getName() + " has a blank name");
        }
        if (name.equals(EXPLICIT_MAPPING)) {
            throw new IllegalArgumentException("resolver name '" + EXPLICIT_MAPPING + "' is the gateway's own");
        }
        boolean plugin = HandlerSource.PLUGIN_TYPE.equals(source.type());
        if (plugin ? priority < MIN_PLUGIN_PRIORITY || priority > MAX_PLUGIN_PRIORITY
                : priority <= EXPLICIT_MAPPING_PRIORITY) {
            throw new IllegalArgumentException("resolver '" + name + "' has priority " + priority
                    + (plugin ? "; a plugin's resolver takes " + MIN_PLUGIN_PRIORITY + " to " + MAX_PLUGIN_PRIORITY
                    : "; it must come after " + EXPLICIT_MAPPING));
        }
        for (Link link : links) {
            if (link.name().equals(name)) {
                throw new IllegalArgumentException("resolver name '" + name + "' of " + source.describe()
                        + " is already taken by " + link.source().describe());
            }
        }
        List<Link> next = new ArrayList<>(links);
        Link link = new Link(resolver, name, priority, source);
        next.add(link);
        next.sort(Comparator.comparingInt(Link::priority).thenComparing(Link::name));
        links = List.copyOf(next);
        return link;
    }

    List<Link> links() {
        return links;
    }

    Optional<Link> named(String name) {
        return links.stream().filter(link -> link.name().equals(name)).findFirst();
    }

    /** The first resolver of the chain that can resolve the definition and does. */
    Optional<RegisteredHandler> resolve(HandlerDefinition definition, HandlerRegistry registry) {
        for (Link link : links) {
            Optional<RegisteredHandler> handler = resolve(link, definition, registry);
            if (handler.isPresent()) {
                return handler;
            }
        }
        return Optional.empty();
    }

    /** What this one resolver resolves the definition to. */
    Optional<RegisteredHandler> resolve(Link link, HandlerDefinition definition, HandlerRegistry registry) {
        String key = link.name() + '\u0000' + definition.callable();
        RegisteredHandler cached = resolved.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        StepHandler handler;
        try {
            if (!link.resolver().canResolve(definition)) {
                return Optional.empty();
            }
            ResolutionContext context = name -> registry.resolve(name).map(RegisteredHandler::handler);
            handler = link.resolver().resolve(definition, context);
        } catch (Exception | LinkageError e) {
            logFailure(link, "failed to resolve '" + definition.callable() + "'", e);
            return Optional.empty();
        }
        if (handler == null) {
            return Optional.empty();
        }
        RegisteredHandler registered = registry.registeredInstance(handler).orElse(null);
        if (registered == null) {
            try {
                registered = new RegisteredHandler(handler, link.source());
            } catch (RuntimeException | LinkageError e) {
                logFailure(link, "resolved '" + definition.callable() + "' to a handler that cannot be used", e);
                return Optional.empty();
            }
        }
        if (resolved.size() < MAX_CACHED) {
            RegisteredHandler first = resolved.putIfAbsent(key, registered);
            return Optional.of(first == null ? registered : first);
        }
        return Optional.of(registered);
    }

    private void logFailure(Link link, String what, Throwable e) {
        if (failingLogged.add(link.name())) {
            LOG.warn("handler resolver '{}' ({}) {}: {} (logged once per resolver; the chain goes on)", link.name(),
                    link.source().describe(), what, e.toString());
        }
    }
}
