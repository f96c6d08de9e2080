package dev.tasker.gateway.plugin;

/** A whole jar could not be loaded; carries the {@link PluginFailure} to report. */
public class PluginLoadException extends Exception {

    private final transient PluginFailure failure;

    public PluginLoadException(PluginFailure failure) {
        super(failure.describe());
        this.failure = failure;
    }

    public PluginFailure failure() {
        return failure;
    }
}
