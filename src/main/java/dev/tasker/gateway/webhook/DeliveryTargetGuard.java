package dev.tasker.gateway.webhook;

import java.net.URI;

/**
 * Decides, at each delivery attempt, whether a webhook may be sent to a URL. Implementations resolve the
 * host and check every address. Thread-safe.
 */
@FunctionalInterface
public interface DeliveryTargetGuard {

    /** Lets every target through (tests that deliver to a local receiver opt in per endpoint instead). */
    DeliveryTargetGuard ALLOW_ALL = (target, allowPrivateNetwork) -> { };

    /**
     * @param target              the endpoint URL
     * @param allowPrivateNetwork the endpoint's {@code allow_private_network} opt-in
     * @throws BlockedTargetException when the target must not be contacted; the message says why
     */
    void check(URI target, boolean allowPrivateNetwork) throws BlockedTargetException;

    /** The target resolves to an address deliveries must not reach. */
    final class BlockedTargetException extends Exception {
        public BlockedTargetException(String message) {
            super(message);
        }
    }
}
