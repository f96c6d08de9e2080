package dev.tasker.gateway.registry;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry steps are resolved against right now. A reload builds a whole new {@link HandlerRegistry}
 * and swaps it in at once; a step keeps the {@link RegisteredHandler} it resolved, so it finishes on the
 * handler it started with. Thread-safe.
 */
public final class ActiveRegistry {

    private final AtomicReference<HandlerRegistry> current;

    public ActiveRegistry(HandlerRegistry initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public HandlerRegistry current() {
        return current.get();
    }

    /** Makes {@code next} the active registry and returns the one it replaced. */
    public HandlerRegistry swap(HandlerRegistry next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
