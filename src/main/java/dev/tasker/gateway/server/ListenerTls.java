package dev.tasker.gateway.server;

import dev.tasker.gateway.tls.ClientTls;
import dev.tasker.gateway.tls.ReloadingKeyManager;
import dev.tasker.gateway.tls.ServerKeyMaterial;
import dev.tasker.gateway.tls.ServerTls;
import dev.tasker.gateway.tls.TlsMaterialException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * The HTTPS side of the listener, built from the {@code tls.*} settings before any component starts, so a
 * missing, unreadable, expired or mismatched certificate or key stops start-up with a message naming the
 * setting. The key material is served by a {@link ReloadingKeyManager}: files rotated in place are picked up
 * by the next handshake.
 */
final class ListenerTls {

    private final ReloadingKeyManager keys;
    private final SSLEngineConfigurator engines;

    private ListenerTls(ReloadingKeyManager keys, SSLEngineConfigurator engines) {
        this.keys = keys;
        this.engines = engines;
    }

    /**
     * @return empty when TLS is off (no certificate configured)
     * @throws ConfigException for settings that do not go together or material that cannot be used
     */
    static Optional<ListenerTls> from(GatewayConfig config, Clock clock) {
        requireConsistent(config);
        if (!config.tlsOn()) {
            return Optional.empty();
        }
        ServerKeyMaterial.Source source = source(config);
        ReloadingKeyManager keys;
        try {
            keys = ReloadingKeyManager.load(source, clock);
        } catch (TlsMaterialException e) {
            throw new ConfigException("cannot start HTTPS: " + e.getMessage(), e);
        }
        String clientAuth = config.tlsClientAuth();
        TrustManager[] trust = clientAuth.equals("none") ? null : clientTrust(config);
        return Optional.of(new ListenerTls(keys, new RotatingEngines(keys, trust, clientAuth.equals("required"),
                clientAuth.equals("optional"))));
    }

    private static TrustManager[] clientTrust(GatewayConfig config) {
        Path caFile = config.file(Settings.TLS_CLIENT_CA_FILE).orElseThrow();
        if (!Files.isRegularFile(caFile) || !Files.isReadable(caFile)) {
            throw new ConfigException("cannot start HTTPS: tls.client_ca_file: " + caFile
                    + (Files.exists(caFile) ? " cannot be read" : " does not exist"));
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(ClientTls.trustStore(caFile));
            return factory.getTrustManagers();
        } catch (TlsMaterialException e) {
            throw new ConfigException("cannot start HTTPS: tls.client_ca_file: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("cannot start HTTPS: tls.client_ca_file: cannot read " + caFile + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Makes each connection's engine from a context built for the key material now served: when the files
     * rotate, the next connection gets a fresh context, whose empty session cache means a client cannot
     * resume a session made with the old certificate. Engines already made (open connections) are untouched.
     */
    private static final class RotatingEngines extends SSLEngineConfigurator {

        private final ReloadingKeyManager keys;
        private final TrustManager[] trust;
        private ServerKeyMaterial contextMaterial;

        RotatingEngines(ReloadingKeyManager keys, TrustManager[] trust, boolean need, boolean want) {
            super(ServerTls.context(keys, trust), false, need, want);
            this.keys = keys;
            this.trust = trust;
            this.contextMaterial = keys.current();
            setEnabledProtocols(ServerTls.protocols());
            setEnabledCipherSuites(ServerTls.cipherSuites(sslContext));
        }

        @Override
        public SSLEngine createSSLEngine(String peerHost, int peerPort) {
            synchronized (this) {
                ServerKeyMaterial now = keys.current();
                if (now != contextMaterial) {
                    sslContext = ServerTls.context(keys, trust);
                    contextMaterial = now;
                }
            }
            return super.createSSLEngine(peerHost, peerPort);
        }
    }

    private static ServerKeyMaterial.Source source(GatewayConfig config) {
        Optional<Path> keyStore = config.file(Settings.TLS_KEYSTORE_FILE);
        if (keyStore.isPresent()) {
            return new ServerKeyMaterial.KeyStoreSource(keyStore.get(),
                    config.file(Settings.TLS_KEYSTORE_PASSWORD_FILE).orElse(null));
        }
        return new ServerKeyMaterial.PemSource(config.file(Settings.TLS_CERT_FILE).orElseThrow(),
                config.file(Settings.TLS_KEY_FILE).orElseThrow());
    }

    private static void requireConsistent(GatewayConfig config) {
        boolean cert = config.file(Settings.TLS_CERT_FILE).isPresent();
        boolean key = config.file(Settings.TLS_KEY_FILE).isPresent();
        boolean keyStore = config.file(Settings.TLS_KEYSTORE_FILE).isPresent();
        if (keyStore && (cert || key)) {
            throw conflict(config, "set tls.keystore_file or tls.cert_file with tls.key_file, not both",
                    Settings.TLS_KEYSTORE_FILE, cert ? Settings.TLS_CERT_FILE : Settings.TLS_KEY_FILE);
        }
        if (cert != key && !keyStore) {
            throw conflict(config, "tls.cert_file and tls.key_file go together: set both",
                    cert ? Settings.TLS_CERT_FILE : Settings.TLS_KEY_FILE);
        }
        if (config.file(Settings.TLS_KEYSTORE_PASSWORD_FILE).isPresent() && !keyStore) {
            throw conflict(config, "tls.keystore_password_file is the password of tls.keystore_file, which is unset",
                    Settings.TLS_KEYSTORE_PASSWORD_FILE);
        }
        Optional<Integer> httpPort = config.httpPort();
        if (httpPort.isPresent() && !config.tlsOn()) {
            throw conflict(config, "http_port is a plain HTTP port beside HTTPS; without TLS (tls.cert_file or"
                    + " tls.keystore_file) port already speaks plain HTTP", Settings.HTTP_PORT);
        }
        String clientAuth = config.tlsClientAuth();
        boolean clientCa = config.file(Settings.TLS_CLIENT_CA_FILE).isPresent();
        if (!clientAuth.equals("none") && !config.tlsOn()) {
            throw conflict(config, "tls.client_auth " + clientAuth + " needs TLS on (tls.cert_file or"
                    + " tls.keystore_file)", Settings.TLS_CLIENT_AUTH);
        }
        if (!clientAuth.equals("none") && !clientCa) {
            throw conflict(config, "tls.client_auth " + clientAuth + " needs tls.client_ca_file, the CA client"
                    + " certificates must chain to", Settings.TLS_CLIENT_AUTH);
        }
        if (clientAuth.equals("none") && clientCa) {
            throw conflict(config, "tls.client_ca_file is set but tls.client_auth is none: set it to optional or"
                    + " required", Settings.TLS_CLIENT_CA_FILE, Settings.TLS_CLIENT_AUTH);
        }
        if (clientAuth.equals("none") && !config.clientCerts().isEmpty()) {
            throw conflict(config, "client_certs maps client certificates, but tls.client_auth is none: no client"
                    + " sends one", Settings.CLIENT_CERTS, Settings.TLS_CLIENT_AUTH);
        }
        if (httpPort.isPresent() && httpPort.get() != 0 && httpPort.get() == config.port()) {
            throw conflict(config, "http_port must differ from port", Settings.HTTP_PORT, Settings.PORT);
        }
    }

    private static ConfigException conflict(GatewayConfig config, String reason, Setting... settings) {
        StringBuilder from = new StringBuilder();
        for (Setting setting : settings) {
            from.append(from.length() == 0 ? "" : ", ").append(setting.key()).append(" from ")
                    .append(config.origin(setting));
        }
        return new ConfigException(reason + " (" + from + ")");
    }

    ReloadingKeyManager keys() {
        return keys;
    }

    SSLEngineConfigurator engines() {
        return engines;
    }

    /** For the start-up line: {@code TLS 1.3/1.2, certificate CN=..., expires ..., client certificates ...}. */
    String describe() {
        ServerKeyMaterial material = keys.current();
        return "TLSv1.3/TLSv1.2, certificate " + material.leaf().getSubjectX500Principal().getName()
                + " expiring " + material.leaf().getNotAfter().toInstant()
                + (engines.isNeedClientAuth() ? ", client certificate required"
                : engines.isWantClientAuth() ? ", client certificate optional" : "");
    }
}
