package dev.tasker.gateway.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

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

    /**
     * Checks the target and returns the addresses it checked: the sender connects to these and to no other
     * (no second resolution, so DNS rebinding between the check and the connect cannot reach a refused
     * address). The default checks, then resolves once; guards that resolve themselves return their own answer.
     *
     * @return the target's addresses, never empty
     * @throws BlockedTargetException when the target must not be contacted or does not resolve
     */
    default List<InetAddress> checkedAddresses(URI target, boolean allowPrivateNetwork) throws BlockedTargetException {
        check(target, allowPrivateNetwork);
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new BlockedTargetException("host " + host + " does not resolve");
        }
    }

    /** The target resolves to an address deliveries must not reach. */
    final class BlockedTargetException extends Exception {
        public BlockedTargetException(String message) {
            super(message);
        }
    }
}
