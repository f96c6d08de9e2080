package dev.tasker.gateway.tls;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The HTTPS listener's TLS policy: TLS 1.3 and 1.2 only, and only AEAD suites with forward secrecy (the TLS
 * 1.3 suites, ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2); no CBC, no static RSA key exchange.
 */
public final class ServerTls {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ServerTls() {
    }

    /**
     * @param trust the client certificate trust (mutual TLS); null for none
     * @throws TlsMaterialException when the JVM has no TLS
     */
    public static SSLContext context(KeyManager keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot build the listener's TLS context: " + e.getMessage(), e);
        }
    }

    /** {@link #CIPHER_SUITES} that this JVM supports, in that order. */
    public static String[] cipherSuites(SSLContext context) {
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        return CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new);
    }

    public static String[] protocols() {
        return PROTOCOLS.toArray(new String[0]);
    }
}
