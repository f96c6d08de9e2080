package dev.tasker.gateway.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds a jar's providers of a service type with {@link ServiceLoader} through
 * {@code META-INF/services/<type>}. ServiceLoader also sees the application's own providers (the jar's
 * parent loader) and reports a broken entry only as a message; so the finder keeps the providers whose
 * class the jar itself defines, and names each class of the jar's services file that did not load with
 * the reason, so one broken entry never hides the others.
 */
final class ServiceFinder {

    private ServiceFinder() {
    }

    static <T> ServiceScan<T> find(Class<T> type, PluginClassLoader loader, String jar, String sha256) {
        List<String> declared = declaredProviders(type, loader);
        List<T> instances = new ArrayList<>();
        List<PluginFailure> failures = new ArrayList<>();
        Set<String> accounted = new LinkedHashSet<>();

        Iterator<ServiceLoader.Provider<T>> providers = ServiceLoader.load(type, loader).stream().iterator();
        int errors = 0;
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                // an entry that cannot be a provider (a LinkageError: a class that does not link); it is
                // diagnosed by name below. ServiceLoader moves past it on the next call, but never loop more
                // often than there are entries.
                if (++errors > declared.size()) {
                    break;
                }
                continue;
            }
            Class<? extends T> providerClass = provider.type();
            if (providerClass.getClassLoader() != loader) {
                continue;
            }
            accounted.add(providerClass.getName());
            try {
                instances.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                failures.add(PluginFailure.ofClass(jar, sha256, providerClass.getName(),
                        PluginFailure.KIND_CONSTRUCTOR_FAILED, "constructor threw " + rootOf(e)));
            }
        }
        for (String className : declared) {
            if (accounted.add(className)) {
                failures.add(diagnose(type, loader, jar, sha256, className));
            }
        }
        return new ServiceScan<>(instances, failures);
    }

    /** The class names of this jar's own services file for {@code type}, without comments and repeats. */
    private static List<String> declaredProviders(Class<?> type, PluginClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Enumeration<URL> files = loader.findResources("META-INF/services/" + type.getName());
            while (files.hasMoreElements()) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    reader.lines()
                            .map(line -> line.replaceFirst("#.*", "").trim())
                            .filter(line -> !line.isEmpty())
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            // ServiceLoader reports the same unreadable file; nothing more to name here
        }
        return List.copyOf(names);
    }

    /** Why ServiceLoader did not yield the named class. */
    private static PluginFailure diagnose(Class<?> type, PluginClassLoader loader, String jar, String sha256,
                                          String className) {
        String servicesFile = "META-INF/services/" + type.getName();
        Class<?> named;
        try {
            named = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            return PluginFailure.ofClass(jar, sha256, className, PluginFailure.KIND_CLASS_NOT_FOUND,
                    servicesFile + " names " + className + " but the jar has no such class");
        } catch (LinkageError e) {
            return PluginFailure.ofClass(jar, sha256, className, PluginFailure.KIND_CLASS_NOT_FOUND,
                    className + " cannot be loaded, a class it needs is missing: " + e.getClass().getSimpleName()
                            + ": " + e.getMessage());
        }
        if (!type.isAssignableFrom(named)) {
            return PluginFailure.ofClass(jar, sha256, className, PluginFailure.KIND_NOT_A_SERVICE,
                    className + " does not implement " + type.getName());
        }
        if (named.getClassLoader() != loader) {
            return PluginFailure.ofClass(jar, sha256, className, PluginFailure.KIND_NOT_A_SERVICE,
                    className + " is a class of the gateway itself, not of this jar");
        }
        try {
            named.getConstructor();
        } catch (NoSuchMethodException | SecurityException e) {
            return PluginFailure.ofClass(jar, sha256, className, PluginFailure.KIND_CONSTRUCTOR_FAILED,
                    className + " has no public no-argument constructor");
        }
        return PluginFailure.ofClass(jar, sha256, className, PluginFailure.KIND_NOT_A_SERVICE,
                className + " cannot be instantiated as a service provider (abstract, or not public)");
    }

    private static String rootOf(Throwable thrown) {
        return PluginFailure.causeOf(thrown);
    }
}
