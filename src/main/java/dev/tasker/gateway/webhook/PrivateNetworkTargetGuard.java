package dev.tasker.gateway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The production {@link DeliveryTargetGuard}: resolves the target's host at each call and refuses the
 * attempt when any address is off limits; the sender then connects to exactly the addresses checked.
 *
 * <ul>
 *   <li>Always refused, whatever the endpoint says: cloud metadata services (169.254.169.254,
 *       169.254.170.2, fd00:ec2::254, 100.100.100.200, {@code metadata.google.internal}, ...), multicast,
 *       broadcast and reserved addresses, schemes other than http/https.</li>
 *   <li>Refused unless the endpoint sets {@code allow_private_network}: loopback, link-local
 *       (169.254.0.0/16, fe80::/10), private ranges (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade
 *       NAT (100.64/10), "this network" (0.0.0.0/8, ::), site-local fec0::/10, benchmarking 198.18/15.</li>
 * </ul>
 * IPv6 addresses that embed an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible,
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the IPv4 address they carry.
 * Thread-safe.
 */
public final class PrivateNetworkTargetGuard implements DeliveryTargetGuard {

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal");
    private static final Set<String> METADATA_ADDRESSES = Set.of("169.254.169.254", "169.254.170.2",
            "169.254.169.253", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final HostResolver resolver;

    public PrivateNetworkTargetGuard() {
        this(InetAddress::getAllByName);
    }

    public PrivateNetworkTargetGuard(HostResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public void check(URI target, boolean allowPrivateNetwork) throws BlockedTargetException {
        checkedAddresses(target, allowPrivateNetwork);
    }

    /** Resolves the host once, checks every address and returns them: the sender connects to these only. */
    @Override
    public List<InetAddress> checkedAddresses(URI target, boolean allowPrivateNetwork)
            throws BlockedTargetException {
        if (target == null) {
            throw new BlockedTargetException("no target URL");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedTargetException("scheme '" + scheme + "' is not allowed (http or https only)");
        }
        String host = host(target);
        if (METADATA_HOSTS.contains(host)) {
            throw new BlockedTargetException("host " + host + " is a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new BlockedTargetException("host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new BlockedTargetException("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> never = neverAllowed(address);
            if (never.isPresent()) {
                throw new BlockedTargetException(describe(host, address) + " is " + never.get());
            }
            Optional<String> privately = privateRange(address);
            if (privately.isPresent() && !allowPrivateNetwork) {
                throw new BlockedTargetException(describe(host, address) + " is " + privately.get()
                        + "; set allow_private_network: true on the endpoint to allow it");
            }
        }
        return List.of(addresses);
    }

    /** Why the address may never be contacted, if so. */
    static Optional<String> neverAllowed(InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        if (METADATA_ADDRESSES.contains(effective.getHostAddress().toLowerCase(Locale.ROOT))) {
            return Optional.of("a cloud metadata address");
        }
        if (effective.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (effective instanceof Inet4Address) {
            int first = effective.getAddress()[0] & 0xff;
            if (first >= 240) {
                return Optional.of("a reserved or broadcast address (240.0.0.0/4)");
            }
        }
        return Optional.empty();
    }

    /** The private range the address is in, if any. */
    static Optional<String> privateRange(InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        if (effective.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (effective.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (effective.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        byte[] b = effective.getAddress();
        if (effective instanceof Inet4Address) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            if (a0 == 0) {
                return Optional.of("in 0.0.0.0/8 (this network)");
            }
            if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
                return Optional.of("a private address (RFC 1918)");
            }
            if (a0 == 100 && a1 >= 64 && a1 <= 127) {
                return Optional.of("a carrier-grade NAT address (100.64.0.0/10)");
            }
            if (a0 == 198 && (a1 == 18 || a1 == 19)) {
                return Optional.of("a benchmarking address (198.18.0.0/15)");
            }
            if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("an IETF protocol address (192.0.0.0/24)");
            }
            return Optional.empty();
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a unique local address (fc00::/7)");
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        return Optional.empty();
    }

    /** The IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), if any. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean zeroPrefix = allZero(b, 0, 10);
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16)
                && !(allZero(b, 12, 15) && b[15] == 1);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(ipv4(b[12], b[13], b[14], b[15]));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(ipv4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String host(URI target) throws BlockedTargetException {
        String host = target.getHost();
        if (host == null || host.isBlank()) {
            throw new BlockedTargetException("target " + target + " has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static String describe(String host, InetAddress address) {
        String literal = address.getHostAddress();
        return literal.equalsIgnoreCase(host) ? "address " + literal : "host " + host + " (" + literal + ")";
    }
}
