package dev.tasker.gateway.plugin;

import dev.tasker.gateway.execution.HandlerUsage;
import dev.tasker.gateway.handler.ResolutionContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.HandlerSource;
import java.util.List;
import java.util.Optional;

/**
 * Adds the resolvers of a reload's jars ({@code META-INF/services/...StepHandlerResolver}) to the registry's
 * chain, and the class-name resolver when it is enabled. A resolver whose name is taken or whose priority is
 * outside 20 to 99 is a load failure of its jar; the others still load. Each call into a plugin's resolver
 * holds a use of its jar, so a reload never closes a class loader under it.
 */
final class PluginResolvers {

    private PluginResolvers() {
    }

    static void register(List<LoadedJar> jars, HandlerRegistry registry, boolean classLookup,
                         List<PluginFailure> failures) {
        for (LoadedJar jar : jars) {
            ServiceScan<StepHandlerResolver> scan = jar.services(StepHandlerResolver.class);
            failures.addAll(scan.failures());
            for (StepHandlerResolver resolver : scan.instances()) {
                try {
                    registry.registerResolver(new CountedResolver(resolver), jar.source());
                } catch (RuntimeException | LinkageError e) {
                    String kind = e.getMessage() != null && e.getMessage().contains("already taken")
                            ? PluginFailure.KIND_NAME_TAKEN : PluginFailure.KIND_INVALID_HANDLER;
                    failures.add(PluginFailure.ofClass(jar.fileName(), jar.sha256(), resolver.getClass().getName(),
                            kind, PluginFailure.causeOf(e)));
                }
            }
        }
        if (classLookup) {
            registry.registerResolver(new ClassNameResolver(jars), HandlerSource.BUILTIN);
        }
    }

    /** A plugin's resolver, asked once for its name and priority, whose every call holds a use of its jar. */
    private static final class CountedResolver implements StepHandlerResolver {
        private final StepHandlerResolver delegate;
        private final String name;
        private final int priority;

        CountedResolver(StepHandlerResolver delegate) {
            this.delegate = delegate;
            this.name = delegate.name();
            this.priority = delegate.priority();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public boolean canResolve(HandlerDefinition definition) {
            Optional<HandlerUsage.Use> use = PluginUsage.beginUseOf(delegate);
            if (use.isEmpty()) {
                return false;
            }
            try {
                return delegate.canResolve(definition);
            } finally {
                use.get().end();
            }
        }

        @Override
        public StepHandler resolve(HandlerDefinition definition, ResolutionContext context) throws Exception {
            Optional<HandlerUsage.Use> use = PluginUsage.beginUseOf(delegate);
            if (use.isEmpty()) {
                return null;
            }
            try {
                return delegate.resolve(definition, context);
            } finally {
                use.get().end();
            }
        }
    }
}
