package dev.tasker.gateway.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.registry.HandlerRegistry;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The answer of {@code POST /v1/plugins/reload}: what the swap changed, handler by handler, and every
 * failure of the load (also those that failed the same way before).
 */
public record ReloadReport(
        @JsonProperty("reloaded_at") Instant reloadedAt,
        @JsonProperty("added") List<HandlerChange> added,
        @JsonProperty("replaced") List<HandlerChange> replaced,
        @JsonProperty("removed") List<HandlerChange> removed,
        @JsonProperty("failed") List<PluginFailure> failed,
        @JsonProperty("handlers") int handlers) {

    public ReloadReport {
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        removed = List.copyOf(removed);
        failed = List.copyOf(failed);
    }

    /** Compares two registries by handler name; a handler from the same jar load is unchanged. */
    static ReloadReport between(HandlerRegistry before, HandlerRegistry after, List<PluginFailure> failed,
                                Instant reloadedAt) {
        Map<String, RegisteredHandler> old = byName(before);
        Map<String, RegisteredHandler> now = byName(after);
        List<HandlerChange> added = new ArrayList<>();
        List<HandlerChange> replaced = new ArrayList<>();
        List<HandlerChange> removed = new ArrayList<>();
        now.forEach((name, current) -> {
            RegisteredHandler previous = old.get(name);
            if (previous == null) {
                added.add(HandlerChange.of(current));
            } else if (previous.handler() != current.handler() || !previous.source().equals(current.source())) {
                replaced.add(HandlerChange.replaced(previous, current));
            }
        });
        old.forEach((name, previous) -> {
            if (!now.containsKey(name)) {
                removed.add(HandlerChange.of(previous));
            }
        });
        return new ReloadReport(reloadedAt, added, replaced, removed, failed, now.size());
    }

    private static Map<String, RegisteredHandler> byName(HandlerRegistry registry) {
        return registry.registered().stream().collect(Collectors.toMap(RegisteredHandler::name,
                Function.identity(), (a, b) -> a, java.util.TreeMap::new));
    }
}
