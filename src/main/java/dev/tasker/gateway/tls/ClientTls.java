package dev.tasker.gateway.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} an outgoing connection uses: trust only the CA certificates of a PEM file
 * (or the JDK's default trust when none is named), and optionally present a client certificate (mutual TLS).
 */
public final class ClientTls {

    private static final char[] NO_PASSWORD = new char[0];

    private ClientTls() {
    }

    /** The JDK's default TLS context (its default trust, no client certificate). */
    public static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("the JDK has no default TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * @param caFile   PEM CA certificates to trust instead of the JDK's; null for the default trust
     * @param certFile PEM client certificate chain; null for none (then keyFile must be null too)
     * @param keyFile  PEM PKCS#8 key of the client certificate
     * @throws TlsMaterialException naming the file that is unusable
     */
    public static SSLContext context(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new TlsMaterialException("a client certificate needs both its certificate and its key file");
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(caFile == null ? null : trustStore(caFile));
            KeyManagerFactory keys = null;
            if (certFile != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(certFile, keyFile), NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsMaterialException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** A key store holding the certificates of a PEM file as trusted entries. */
    public static KeyStore trustStore(Path caFile) throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        List<X509Certificate> certificates = PemFiles.certificates(caFile);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        return store;
    }

    /**
     * A key store with one entry: the key and its chain.
     *
     * @throws TlsMaterialException when the key does not belong to the first certificate
     */
    public static KeyStore keyStore(Path certFile, Path keyFile) throws GeneralSecurityException, java.io.IOException {
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        KeyPairs.requireMatch(chain.get(0), key, certFile, keyFile);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("identity", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
        return store;
    }
}
