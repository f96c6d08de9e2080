package dev.tasker.testkit;

import java.util.Objects;

/**
 * Where a test starts a step: {@code Steps.forHandler("validate_cart").context("cart_items", items).build()}.
 * See {@link StepBuilder} for what a step can carry.
 */
public final class Steps {

    private Steps() {
    }

    /**
     * A builder for a step that names this handler in {@code step_definition.handler.callable}.
     *
     * @param handlerName the handler's name or one of its aliases; not blank
     * @throws IllegalArgumentException when the name is blank
     */
    public static StepBuilder forHandler(String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        if (handlerName.isBlank()) {
            throw new IllegalArgumentException("handlerName must not be blank");
        }
        return new StepBuilder(handlerName);
    }
}
