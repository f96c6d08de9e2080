package dev.tasker.gateway.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's resolver: answers with the addresses the {@link DeliveryTargetGuard} checked for the
 * attempt running on this thread, and refuses any other name. It never asks DNS itself, so a name whose
 * resolution changes between the check and the connect (DNS rebinding) still reaches only a checked
 * address. Apache HttpClient's classic API connects on the calling thread, which makes a thread-local the
 * attempt's scope.
 */
final class PinnedDnsResolver implements DnsResolver {

    private record Pin(String host, InetAddress[] addresses) {
    }

    private final ThreadLocal<Pin> pinned = new ThreadLocal<>();

    /** Pins {@code host} to {@code addresses} for the attempt on this thread, until {@link #release()}. */
    void pin(String host, List<InetAddress> addresses) {
        pinned.set(new Pin(normalize(host), addresses.toArray(new InetAddress[0])));
    }

    void release() {
        pinned.remove();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Pin pin = pinned.get();
        if (pin == null || !pin.host().equals(normalize(host))) {
            throw new UnknownHostException(host + " was not checked by the delivery target guard");
        }
        return pin.addresses().clone();
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return java.util.Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    private static String normalize(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        h = h.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
