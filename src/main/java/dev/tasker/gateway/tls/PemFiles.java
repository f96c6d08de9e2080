package dev.tasker.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files with the JDK alone: X.509 certificate chains ({@code CERTIFICATE} blocks) and unencrypted
 * PKCS#8 private keys ({@code PRIVATE KEY}, RSA or EC). Messages name the file, never its content.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PemFiles() {
    }

    /**
     * @return the certificates in file order (a leaf first, then its chain); never empty
     * @throws TlsMaterialException when the file cannot be read or holds no valid certificate
     */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(file, "CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new TlsMaterialException(file + " holds an invalid certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    /**
     * @throws TlsMaterialException when the file holds no PKCS#8 RSA or EC key ({@code BEGIN RSA PRIVATE
     *                              KEY}, PKCS#1, is refused with a hint to convert it)
     */
    public static PrivateKey privateKey(Path file) {
        List<byte[]> keys = blocks(file, "PRIVATE KEY");
        if (keys.size() != 1) {
            if (!blocks(file, "RSA PRIVATE KEY").isEmpty() || !blocks(file, "EC PRIVATE KEY").isEmpty()) {
                throw new TlsMaterialException(file + " holds a PKCS#1/SEC1 key; convert it to PKCS#8 with"
                        + " 'openssl pkcs8 -topk8 -nocrypt'");
            }
            throw new TlsMaterialException(file + " must hold exactly one PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                throw new TlsMaterialException("cannot read the key in " + file + ": " + e.getMessage(), e);
            }
        }
        throw new TlsMaterialException(file + " holds a key that is neither RSA nor EC");
    }

    /**
     * The public keys of a file: each {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo: RSA, EC or Ed25519),
     * then the key of each {@code CERTIFICATE} block; never empty.
     *
     * @throws TlsMaterialException when the file cannot be read or holds no such key
     */
    public static List<PublicKey> publicKeys(Path file) {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : blocks(file, "PUBLIC KEY")) {
            keys.add(publicKey(file, new X509EncodedKeySpec(der)));
        }
        if (!blocks(file, "CERTIFICATE").isEmpty()) {
            certificates(file).forEach(certificate -> keys.add(certificate.getPublicKey()));
        }
        if (keys.isEmpty()) {
            throw new TlsMaterialException(file + " holds no PEM public key (-----BEGIN PUBLIC KEY-----) or certificate");
        }
        return List.copyOf(keys);
    }

    private static PublicKey publicKey(Path file, X509EncodedKeySpec spec) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                throw new TlsMaterialException("cannot read the public key in " + file + ": " + e.getMessage(), e);
            }
        }
        throw new TlsMaterialException(file + " holds a public key that is neither RSA, EC nor Ed25519");
    }

    private static List<byte[]> blocks(Path file, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new TlsMaterialException(file + " holds a PEM block that is not base64", e);
                }
            }
        }
        return blocks;
    }
}
