package dev.tasker.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The HTTPS listener's private key and certificate chain (leaf first), read from PEM files or a PKCS#12 key
 * store and checked: every file present and readable, the leaf not expired, the key the leaf's. Messages name
 * the setting and the file, never a key or a password.
 *
 * @param key   the leaf's private key (RSA or EC)
 * @param chain the leaf, then its issuers as the files list them; never empty
 */
public record ServerKeyMaterial(PrivateKey key, List<X509Certificate> chain) {

    public ServerKeyMaterial {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain is never empty");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "ServerKeyMaterial[" + leaf().getSubjectX500Principal().getName() + ", expires "
                + leaf().getNotAfter().toInstant() + "]";
    }

    /** Where the material is read from; re-read by {@link ReloadingKeyManager} when one of its files changes. */
    public sealed interface Source permits PemSource, KeyStoreSource {

        /** The files whose change means new material (for {@link ReloadingKeyManager}). */
        List<Path> files();

        /**
         * Reads and checks the material.
         *
         * @param now the instant against which expiry is checked
         * @throws TlsMaterialException naming the setting and file that is unusable
         */
        ServerKeyMaterial read(Instant now);

        /** What the settings say, for log lines: {@code tls.cert_file /etc/tls/tls.crt, tls.key_file ...}. */
        String describe();
    }

    /** {@code tls.cert_file} and {@code tls.key_file}. */
    public record PemSource(Path certFile, Path keyFile) implements Source {

        public PemSource {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }

        @Override
        public List<Path> files() {
            return List.of(certFile, keyFile);
        }

        @Override
        public ServerKeyMaterial read(Instant now) {
            requireReadable("tls.cert_file", certFile);
            requireReadable("tls.key_file", keyFile);
            List<X509Certificate> chain = named("tls.cert_file", () -> PemFiles.certificates(certFile));
            PrivateKey key = named("tls.key_file", () -> PemFiles.privateKey(keyFile));
            requireCurrent("tls.cert_file", certFile, chain.get(0), now);
            named("tls.key_file", () -> {
                KeyPairs.requireMatch(chain.get(0), key, certFile, keyFile);
                return null;
            });
            return new ServerKeyMaterial(key, chain);
        }

        @Override
        public String describe() {
            return "tls.cert_file " + certFile + ", tls.key_file " + keyFile;
        }
    }

    /** {@code tls.keystore_file} (PKCS#12, one key entry) and its optional {@code tls.keystore_password_file}. */
    public record KeyStoreSource(Path keyStoreFile, Path passwordFile) implements Source {

        public KeyStoreSource {
            Objects.requireNonNull(keyStoreFile, "keyStoreFile");
        }

        @Override
        public List<Path> files() {
            return passwordFile == null ? List.of(keyStoreFile) : List.of(keyStoreFile, passwordFile);
        }

        @Override
        public ServerKeyMaterial read(Instant now) {
            requireReadable("tls.keystore_file", keyStoreFile);
            char[] password = password();
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keyStoreFile)) {
                    store.load(in, password);
                }
                List<String> keyAliases = new ArrayList<>();
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(alias)) {
                        keyAliases.add(alias);
                    }
                }
                if (keyAliases.size() != 1) {
                    throw new TlsMaterialException("tls.keystore_file: " + keyStoreFile + " must hold exactly one"
                            + " private key entry, it holds " + keyAliases.size());
                }
                Key key = store.getKey(keyAliases.get(0), password);
                Certificate[] certificates = store.getCertificateChain(keyAliases.get(0));
                if (!(key instanceof PrivateKey privateKey) || certificates == null || certificates.length == 0) {
                    throw new TlsMaterialException("tls.keystore_file: the entry in " + keyStoreFile
                            + " is not a private key with its certificate chain");
                }
                List<X509Certificate> chain = Arrays.stream(certificates).map(X509Certificate.class::cast).toList();
                requireCurrent("tls.keystore_file", keyStoreFile, chain.get(0), now);
                KeyPairs.requireMatch(chain.get(0), privateKey, keyStoreFile, keyStoreFile);
                return new ServerKeyMaterial(privateKey, chain);
            } catch (IOException e) {
                boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                        || String.valueOf(e.getMessage()).contains("password");
                throw new TlsMaterialException("tls.keystore_file: cannot open " + keyStoreFile + " as PKCS#12"
                        + (wrongPassword ? " (wrong password" + (passwordFile == null
                        ? ": tls.keystore_password_file is unset)" : " in tls.keystore_password_file?)")
                        : ": " + e.getClass().getSimpleName()), e);
            } catch (GeneralSecurityException e) {
                throw new TlsMaterialException("tls.keystore_file: cannot read " + keyStoreFile + ": "
                        + e.getClass().getSimpleName(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private char[] password() {
            if (passwordFile == null) {
                return new char[0];
            }
            requireReadable("tls.keystore_password_file", passwordFile);
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = end < 0 ? text : text.substring(0, end);
                return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
            } catch (IOException e) {
                throw new TlsMaterialException("tls.keystore_password_file: cannot read " + passwordFile + ": "
                        + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        public String describe() {
            return "tls.keystore_file " + keyStoreFile
                    + (passwordFile == null ? "" : ", tls.keystore_password_file " + passwordFile);
        }
    }

    private static void requireReadable(String setting, Path file) {
        if (!Files.exists(file)) {
            throw new TlsMaterialException(setting + ": " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new TlsMaterialException(setting + ": " + file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new TlsMaterialException(setting + ": " + file + " cannot be read (permissions)");
        }
    }

    private static void requireCurrent(String setting, Path file, X509Certificate leaf, Instant now) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isBefore(now)) {
            throw new TlsMaterialException(setting + ": the certificate in " + file + " ("
                    + leaf.getSubjectX500Principal().getName() + ") expired at " + notAfter);
        }
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T named(String setting, Step<T> step) {
        try {
            return step.run();
        } catch (TlsMaterialException e) {
            throw new TlsMaterialException(setting + ": " + e.getMessage(), e);
        }
    }

    /** What identifies a file's content without reading it: modification time, size and file key (inode). */
    record FileStamp(Path file, Object modified, long size, Object fileKey) {

        static FileStamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(file, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (IOException e) {
                return new FileStamp(file, null, -1, null); // missing for now (mid-rotation): a change too
            }
        }
    }
}
