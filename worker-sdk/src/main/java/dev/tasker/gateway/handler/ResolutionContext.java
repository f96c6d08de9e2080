package dev.tasker.gateway.handler;

import java.util.Optional;

/**
 * What the gateway offers a {@link StepHandlerResolver} while it resolves: the handlers registered under a
 * name or alias. Thread-safe; valid for the one {@code resolve} call it is passed to.
 */
public interface ResolutionContext {

    /** The handler registered under this name or alias (built-in or from a plugin), if any. */
    Optional<StepHandler> registered(String nameOrAlias);
}
