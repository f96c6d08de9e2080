package dev.tasker.gateway.plugin;

import dev.tasker.gateway.handler.ResolutionContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.handler.StepHandlerResolver;
import dev.tasker.gateway.model.HandlerDefinition;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code class_lookup} (priority 100, last in the chain; off unless {@code class_lookup_resolver} is on):
 * resolves a {@code callable} that is the fully qualified name of a public, concrete {@link StepHandler}
 * class with a public no-argument constructor, defined by one of the loaded plugin jars (never a class of
 * the gateway or its libraries), by instantiating it. The chain keeps the instance until the next reload.
 * Thread-safe.
 */
final class ClassNameResolver implements StepHandlerResolver {

    static final String NAME = "class_lookup";
    static final int PRIORITY = 100;
    private static final Pattern CLASS_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)+");

    private final List<LoadedJar> jars;

    ClassNameResolver(List<LoadedJar> jars) {
        this.jars = List.copyOf(jars);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean canResolve(HandlerDefinition definition) {
        return definition.callable() != null && definition.callable().length() <= 512
                && CLASS_NAME.matcher(definition.callable()).matches();
    }

    @Override
    public StepHandler resolve(HandlerDefinition definition, ResolutionContext context) throws Exception {
        for (LoadedJar jar : jars) {
            Class<?> type;
            try {
                type = Class.forName(definition.callable(), false, jar.classLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            if (type.getClassLoader() != jar.classLoader() || !StepHandler.class.isAssignableFrom(type)
                    || !Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
                continue; // a class of the gateway (found through the parent), or not a handler
            }
            Constructor<?> constructor = type.getConstructor();
            return (StepHandler) constructor.newInstance();
        }
        return null;
    }
}
