package dev.tasker.gateway.registry;

import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.model.HandlerDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handlers by name and alias, one namespace for both. Thread-safe: registration is serialized and
 * all-or-nothing; lookups never block. A taken name or alias is refused ({@link
 * HandlerNameConflictException}), never replaced.
 */
public final class HandlerRegistry {

    private final Map<String, RegisteredHandler> byKey = new ConcurrentHashMap<>();
    private final Map<String, RegisteredHandler> byName = new ConcurrentHashMap<>();
    private final ResolverChain resolvers = new ResolverChain();

    /** The name of the first link of the chain, registered names and aliases (priority 10). */
    public static final String EXPLICIT_MAPPING = ResolverChain.EXPLICIT_MAPPING;

    /** Registers a built-in handler. */
    public RegisteredHandler register(StepHandler handler) {
        return register(handler, HandlerSource.BUILTIN);
    }

    /**
     * Registers a handler under its name and every alias.
     *
     * @throws HandlerNameConflictException when any of them is taken (nothing is registered then)
     * @throws IllegalArgumentException     when the name is blank or an alias repeats the name
     * @throws InvalidHandlerDeclarationException when its input schema or error catalog cannot be used
     */
    public synchronized RegisteredHandler register(StepHandler handler, HandlerSource source) {
        // each of the handler's methods is asked once: the keys and the descriptor can never disagree
        String name = handler.name();
        List<String> declared = handler.aliases();
        List<String> aliases = declared == null ? List.of() : new ArrayList<>(declared); // may hold null: refused
        Set<String> keys = keysOf(handler, name, aliases);
        RegisteredHandler candidate = new RegisteredHandler(handler, source,
                HandlerDescriptor.of(handler, name, aliases, source));
        for (String key : keys) {
            RegisteredHandler existing = byKey.get(key);
            if (existing != null) {
                throw new HandlerNameConflictException(key, existing, candidate);
            }
        }
        for (String key : keys) {
            byKey.put(key, candidate);
        }
        byName.put(name, candidate);
        return candidate;
    }

    /**
     * Adds a resolver to the chain after the registered names. A plugin's takes priority 20 to 99; the
     * gateway's own (the class-name resolver) more than 10.
     *
     * @throws IllegalArgumentException when its name is blank, {@code explicit_mapping} or taken, or its
     *                                  priority is out of range
     */
    public void registerResolver(StepHandlerResolver resolver, HandlerSource source) {
        resolvers.add(resolver, source);
    }

    /** The names of the chain's resolvers in order, {@code explicit_mapping} first. */
    public List<String> resolverNames() {
        List<String> names = new ArrayList<>();
        names.add(EXPLICIT_MAPPING);
        resolvers.links().forEach(link -> names.add(link.name()));
        return names;
    }

    /**
     * Resolves a step's handler address through the chain: the registered names and aliases, then each
     * resolver by priority; or, when {@code definition.resolver()} names one, that one alone.
     *
     * @param definition {@code callable} is the lookup key (never null)
     * @throws UnknownResolverException when {@code resolver} names no resolver of the chain
     */
    public Optional<RegisteredHandler> resolveHandler(HandlerDefinition definition) {
        String hint = definition.resolver();
        if (hint != null && !hint.isBlank()) {
            if (hint.equals(EXPLICIT_MAPPING)) {
                return resolve(definition.callable());
            }
            ResolverChain.Link link = resolvers.named(hint)
                    .orElseThrow(() -> new UnknownResolverException(hint, resolverNames()));
            return resolvers.resolve(link, definition, this);
        }
        Optional<RegisteredHandler> registered = resolve(definition.callable());
        return registered.isPresent() ? registered : resolvers.resolve(definition, this);
    }

    /** The registration of this very handler instance, if it is registered here. */
    Optional<RegisteredHandler> registeredInstance(StepHandler handler) {
        for (RegisteredHandler registered : byName.values()) {
            if (registered.handler() == handler) {
                return Optional.of(registered);
            }
        }
        return Optional.empty();
    }

    /** The handler registered under this name or alias. */
    public Optional<RegisteredHandler> resolve(String nameOrAlias) {
        return nameOrAlias == null ? Optional.empty() : Optional.ofNullable(byKey.get(nameOrAlias));
    }

    public boolean isRegistered(String nameOrAlias) {
        return resolve(nameOrAlias).isPresent();
    }

    /** Every registered handler, sorted by name. */
    public List<HandlerDescriptor> listHandlers() {
        return registered().stream().map(RegisteredHandler::descriptor).toList();
    }

    /** Every registered handler with its source, sorted by name. */
    public List<RegisteredHandler> registered() {
        List<RegisteredHandler> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(RegisteredHandler::name));
        return all;
    }

    /** Every name and alias, each with the handler registered under it. */
    public Map<String, RegisteredHandler> byKey() {
        return Map.copyOf(byKey);
    }

    public int size() {
        return byName.size();
    }

    private static Set<String> keysOf(StepHandler handler, String name, List<String> aliases) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("handler " + handler.getClass().getName() + " has a blank name");
        }
        Set<String> keys = new LinkedHashSet<>();
        keys.add(name);
        for (String alias : aliases) {
            if (alias == null || alias.isBlank()) {
                throw new IllegalArgumentException("handler '" + name + "' declares a blank alias");
            }
            if (!keys.add(alias)) {
                throw new IllegalArgumentException("handler '" + name + "' declares '" + alias + "' twice");
            }
        }
        return keys;
    }
}
