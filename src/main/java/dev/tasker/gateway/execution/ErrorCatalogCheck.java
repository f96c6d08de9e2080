package dev.tasker.gateway.execution;

import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds handlers to their declared error catalog: an {@code error_code} a handler answers (returned or
 * thrown) that its non-empty catalog does not list is logged once per (handler, code) and reported to the
 * observers every time. The result is not changed. Handlers without a catalog are not checked, nor are the
 * codes the gateway itself writes. Thread-safe.
 */
final class ErrorCatalogCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorCatalogCheck.class);
    /** Distinct (handler, code) pairs remembered for log-once; past it they are still counted, not logged. */
    private static final int MAX_REMEMBERED = 10_000;

    private final List<StepObserver> observers;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    ErrorCatalogCheck(List<StepObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    /** @param errorCode the code the handler answered, or null */
    void check(RegisteredHandler handler, String errorCode) {
        if (errorCode == null || !handler.descriptor().declaresErrors() || handler.descriptor().declaresError(errorCode)) {
            return;
        }
        String key = handler.name() + '\u0000' + errorCode;
        if (logged.size() < MAX_REMEMBERED && logged.add(key)) {
            LOG.warn("handler '{}' answered error_code '{}', which its error catalog does not declare (declared: {});"
                            + " counted in gateway_undeclared_error_codes_total, logged once", handler.name(), errorCode,
                    handler.descriptor().errors().stream().map(error -> error.errorCode()).toList());
        }
        for (StepObserver observer : observers) {
            try {
                observer.undeclaredErrorCode(handler.name(), errorCode);
            } catch (RuntimeException e) {
                LOG.error("step observer {} failed", observer.getClass().getName(), e);
            }
        }
    }
}
