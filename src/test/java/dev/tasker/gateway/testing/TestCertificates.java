package dev.tasker.gateway.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made by the test, never checked in: a CA and leaves it signs (for {@code localhost} and
 * {@code 127.0.0.1}), written as PEM files (keys PKCS#8) where a test needs files.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        /** Writes {@code <name>.pem} (the certificate) and {@code <name>.key} (PKCS#8) into the folder. */
        public Path[] write(Path folder, String name) throws IOException {
            Path cert = folder.resolve(name + ".pem");
            Path key = folder.resolve(name + ".key");
            Files.writeString(cert, pem(certificate));
            Files.writeString(key, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
            return new Path[] {cert, key};
        }

        /** Writes a PKCS#12 key store {@code <name>.p12} with this key and certificate under the password. */
        public Path writeKeyStore(Path folder, String name, String password) throws GeneralSecurityException,
                IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("leaf", keys.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
            Path file = folder.resolve(name + ".p12");
            try (var out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        }

        /** A client-side SSL context that trusts only this certificate (an authority) and presents none. */
        public SSLContext trustingContext() throws GeneralSecurityException, IOException {
            return clientContext(null);
        }

        /**
         * A client-side SSL context that trusts only this certificate (an authority) and presents {@code own}
         * (a client certificate), or none when null.
         */
        public SSLContext clientContext(Issued own) throws GeneralSecurityException, IOException {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustFactory.init(trust);
            KeyManagerFactory keyFactory = null;
            if (own != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", own.keys().getPrivate(), new char[0],
                        new X509Certificate[] {own.certificate()});
                keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyFactory.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyFactory == null ? null : keyFactory.getKeyManagers(), trustFactory.getTrustManagers(), null);
            return context;
        }

        /** A server-side SSL context presenting this certificate. */
        public SSLContext serverContext() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("leaf", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        }
    }

    private TestCertificates() {
    }

    public static Issued authority(String commonName) throws Exception {
        KeyPair keys = rsa();
        X500Name name = new X500Name("CN=" + commonName);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(),
                name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new Issued(sign(builder, keys), keys);
    }

    /** A leaf for {@code localhost} and {@code 127.0.0.1} signed by the authority. */
    public static Issued server(Issued authority) throws Exception {
        return server(authority, rsa(), notBefore(), notAfter());
    }

    /** A leaf for {@code localhost} and {@code 127.0.0.1} with an EC (P-256) key. */
    public static Issued serverEc(Issued authority) throws Exception {
        return server(authority, ec(), notBefore(), notAfter());
    }

    /** A leaf for {@code localhost} and {@code 127.0.0.1} that expired an hour ago. */
    public static Issued expiredServer(Issued authority) throws Exception {
        Instant now = Instant.now();
        return server(authority, rsa(), Date.from(now.minus(2, ChronoUnit.DAYS)), Date.from(now.minus(1, ChronoUnit.HOURS)));
    }

    private static Issued server(Issued authority, KeyPair keys, Date notBefore, Date notAfter) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(authority.certificate(), serial(),
                notBefore, notAfter, new X500Name("CN=localhost"), keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new Issued(sign(builder, authority.keys()), keys);
    }

    /**
     * A client certificate signed by the authority.
     *
     * @param subject RFC 4514 DN, e.g. {@code CN=orchestrator-1,O=Acme}
     * @param dnsSans DNS subject alternative names; {@code uri:} prefixed ones become URI names
     */
    public static Issued client(Issued authority, String subject, String... dnsSans) throws Exception {
        KeyPair keys = rsa();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(authority.certificate(), serial(),
                notBefore(), notAfter(), X500Name.getInstance(
                        new javax.security.auth.x500.X500Principal(subject).getEncoded()), keys.getPublic());
        if (dnsSans.length > 0) {
            GeneralName[] names = new GeneralName[dnsSans.length];
            for (int i = 0; i < dnsSans.length; i++) {
                names[i] = dnsSans[i].startsWith("uri:")
                        ? new GeneralName(GeneralName.uniformResourceIdentifier, dnsSans[i].substring(4))
                        : new GeneralName(GeneralName.dNSName, dnsSans[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new Issued(sign(builder, authority.keys()), keys);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(1, ChronoUnit.DAYS));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
