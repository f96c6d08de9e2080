package dev.tasker.gateway.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener's key manager: serves the key material of a {@link ServerKeyMaterial.Source} and re-reads
 * it when one of its files changes (modification time, size or inode), checking at most once every
 * {@link #CHECK_INTERVAL} and only when a handshake asks. A rotated certificate (cert-manager and similar
 * replace the files in place) is therefore served from the next handshake on; connections already open keep
 * their session and are never dropped. New files that cannot be used (half written, mismatched, expired) are
 * logged and the previous material stays in service until the files change again.
 *
 * <p>Each generation of material has its own alias, and the previous generation stays resolvable, so a
 * handshake that chose its alias just before a reload still gets the matching chain and key. Thread-safe.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

    /** How often, at most, the files are looked at. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);

    private record Generation(String alias, ServerKeyMaterial material, List<ServerKeyMaterial.FileStamp> stamps) {
    }

    private final ServerKeyMaterial.Source source;
    private final Clock clock;
    private final AtomicLong nextCheckMillis = new AtomicLong();
    private volatile Generation current;
    private volatile Generation previous;
    private List<ServerKeyMaterial.FileStamp> lastSeen;
    private int generations;

    private ReloadingKeyManager(ServerKeyMaterial.Source source, Clock clock, Generation first) {
        this.source = source;
        this.clock = clock;
        this.current = first;
        this.previous = first;
        this.lastSeen = first.stamps();
        this.generations = 1;
        this.nextCheckMillis.set(clock.millis() + CHECK_INTERVAL.toMillis());
    }

    /**
     * Reads the material once, now: start-up refuses what cannot be used.
     *
     * @throws TlsMaterialException naming the setting and file
     */
    public static ReloadingKeyManager load(ServerKeyMaterial.Source source, Clock clock) {
        List<ServerKeyMaterial.FileStamp> stamps = stamps(source);
        ServerKeyMaterial material = source.read(clock.instant());
        return new ReloadingKeyManager(source, clock, new Generation("gateway-1", material, stamps));
    }

    /** The material the next handshake is served, after looking for changed files if it is time to. */
    public ServerKeyMaterial current() {
        refresh();
        return current.material();
    }

    private void refresh() {
        long now = clock.millis();
        long next = nextCheckMillis.get();
        if (now < next || !nextCheckMillis.compareAndSet(next, now + CHECK_INTERVAL.toMillis())) {
            return;
        }
        reloadIfChanged();
    }

    private synchronized void reloadIfChanged() {
        List<ServerKeyMaterial.FileStamp> stamps = stamps(source);
        if (stamps.equals(lastSeen)) {
            return;
        }
        lastSeen = stamps; // a failed read is retried when the files change again, not every second
        ServerKeyMaterial material;
        try {
            material = source.read(clock.instant());
        } catch (TlsMaterialException e) {
            LOG.warn("TLS: {} changed but cannot be used; still serving {} ({})", source.describe(),
                    current.material(), e.getMessage());
            return;
        }
        generations++;
        previous = current;
        current = new Generation("gateway-" + generations, material, stamps);
        LOG.info("TLS: {} changed; new connections are served {}", source.describe(), material);
    }

    private static List<ServerKeyMaterial.FileStamp> stamps(ServerKeyMaterial.Source source) {
        return source.files().stream().map(ServerKeyMaterial.FileStamp::of).toList();
    }

    private String alias(String keyType) {
        refresh();
        Generation generation = current;
        return keyType != null && fits(keyType, generation.material().key()) ? generation.alias() : null;
    }

    /** {@code RSA} or {@code EC} for TLS 1.3 and ECDHE suites; {@code EC_EC}-style names for older ones. */
    private static boolean fits(String keyType, PrivateKey key) {
        String algorithm = key.getAlgorithm();
        return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
    }

    private Generation byAlias(String alias) {
        Generation now = current;
        if (now.alias().equals(alias)) {
            return now;
        }
        Generation before = previous;
        return before.alias().equals(alias) ? before : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation generation = byAlias(alias);
        return generation == null ? null : generation.material().chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation generation = byAlias(alias);
        return generation == null ? null : generation.material().key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
