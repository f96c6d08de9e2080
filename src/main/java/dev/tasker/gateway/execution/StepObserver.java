package dev.tasker.gateway.execution;

/**
 * Sees every executed step after its result is final and before the HTTP response is sent (events,
 * metrics). Called on the request thread; keep it short. An exception is logged and ignored: an observer
 * never changes or fails the step.
 */
@FunctionalInterface
public interface StepObserver {

    void stepExecuted(ExecutedStep executed);

    /** A step resolved to {@code handlerName} was refused before it ran (admission: too many in flight). */
    default void stepRejected(String handlerName, StepRejectedException rejection) {
    }

    /**
     * A handler answered an {@code error_code} its declared error catalog does not list (called once per such
     * answer, before {@link #stepExecuted}).
     */
    default void undeclaredErrorCode(String handlerName, String errorCode) {
    }
}
