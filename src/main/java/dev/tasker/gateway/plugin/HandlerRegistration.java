package dev.tasker.gateway.plugin;

import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.registry.HandlerNameConflictException;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the handlers of a reload's jars into a registry that already holds the built-ins. A name or
 * alias keeps the jar that served it before the reload, changed or not: handlers whose jar served one of
 * their names, while no other jar served any of them, register first; then the others, by jar file name.
 * So when a new jar brings a name another jar already serves, the new jar's handler is the {@code
 * name_taken} failure (naming both jars), never the incumbent.
 */
final class HandlerRegistration {

    /** A jar of the reload with the handlers its services file gave. */
    record JarHandlers(LoadedJar jar, ServiceScan<StepHandler> handlers) {
    }

    private record Candidate(LoadedJar jar, StepHandler handler) {
    }

    private HandlerRegistration() {
    }

    /** Each name and alias a plugin jar serves in {@code registry}, with that jar's file name. */
    static Map<String, String> servedByJars(HandlerRegistry registry) {
        Map<String, String> served = new HashMap<>();
        registry.byKey().forEach((key, handler) -> {
            if (handler.source().jar() != null) {
                served.put(key, handler.source().jar());
            }
        });
        return served;
    }

    /**
     * Registers every handler of {@code jars} (by file name) that it can, adding a failure for each one
     * refused, and answers each jar with the names it registered, in the order the jar lists them.
     *
     * @param servedBefore what {@link #servedByJars} said of the registry this reload replaces
     */
    static List<LoadedPlugin> register(List<JarHandlers> jars, Map<String, String> servedBefore,
                                       HandlerRegistry registry, List<PluginFailure> failures) {
        List<Candidate> incumbents = new ArrayList<>();
        List<Candidate> newcomers = new ArrayList<>();
        for (JarHandlers jar : jars) {
            for (StepHandler handler : jar.handlers().instances()) {
                Candidate candidate = new Candidate(jar.jar(), handler);
                (servedByItsJar(candidate, servedBefore) ? incumbents : newcomers).add(candidate);
            }
        }
        Map<StepHandler, RegisteredHandler> registered = new IdentityHashMap<>();
        for (Candidate candidate : incumbents) {
            register(candidate, registry, registered, failures);
        }
        for (Candidate candidate : newcomers) {
            register(candidate, registry, registered, failures);
        }
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (JarHandlers jar : jars) {
            List<String> names = jar.handlers().instances().stream().filter(registered::containsKey)
                    .map(handler -> registered.get(handler).name()).toList();
            plugins.add(new LoadedPlugin(jar.jar(), names));
        }
        return plugins;
    }

    private static void register(Candidate candidate, HandlerRegistry registry,
                                 Map<StepHandler, RegisteredHandler> registered, List<PluginFailure> failures) {
        LoadedJar jar = candidate.jar();
        StepHandler handler = candidate.handler();
        String className = handler.getClass().getName();
        try {
            // asks the handler everything GET /v1/handlers shows, once: a handler that throws fails here
            registered.put(handler, registry.register(handler, jar.source()));
        } catch (HandlerNameConflictException e) {
            failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(), className,
                    PluginFailure.KIND_NAME_TAKEN, e.getMessage()));
        } catch (RuntimeException | LinkageError e) {
            failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(), className,
                    PluginFailure.KIND_INVALID_HANDLER, PluginFailure.causeOf(e)));
        }
    }

    /** True when the candidate's jar served one of its names before and no other jar served any of them. */
    private static boolean servedByItsJar(Candidate candidate, Map<String, String> servedBefore) {
        List<String> keys = new ArrayList<>();
        try {
            keys.add(candidate.handler().name());
            if (candidate.handler().aliases() != null) {
                keys.addAll(candidate.handler().aliases());
            }
        } catch (RuntimeException | LinkageError e) {
            return false; // registering it reports what is wrong with the handler
        }
        boolean served = false;
        for (String key : keys) {
            String jar = servedBefore.get(key);
            if (jar != null && !jar.equals(candidate.jar().fileName())) {
                return false;
            }
            served |= jar != null;
        }
        return served;
    }
}
