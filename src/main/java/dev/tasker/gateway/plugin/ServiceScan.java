package dev.tasker.gateway.plugin;

import java.util.List;

/**
 * What one jar provides for one service type: the instances that loaded and the classes that did not.
 *
 * @param instances one instance per provider class that loaded, in services-file order
 * @param failures  one entry per provider class that did not load
 */
public record ServiceScan<T>(List<T> instances, List<PluginFailure> failures) {

    public ServiceScan {
        instances = List.copyOf(instances);
        failures = List.copyOf(failures);
    }
}
