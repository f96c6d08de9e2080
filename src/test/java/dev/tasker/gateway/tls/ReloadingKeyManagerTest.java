package dev.tasker.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-reading rotated files, on a clock the test moves (no waiting). */
class ReloadingKeyManagerTest {

    private static Issued authority;

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();

    @BeforeAll
    static void authority() throws Exception {
        authority = TestCertificates.authority("reload CA");
    }

    private ReloadingKeyManager managerServing(Issued leaf) throws Exception {
        Path[] files = leaf.write(dir, "server");
        return ReloadingKeyManager.load(new ServerKeyMaterial.PemSource(files[0], files[1]), clock);
    }

    private X509Certificate served(ReloadingKeyManager keys) {
        String alias = keys.chooseEngineServerAlias("RSA", null, null);
        return keys.getCertificateChain(alias)[0];
    }

    @Test
    void rotatedFilesAreServedOnceTheCheckIntervalHasPassed() throws Exception {
        Issued first = TestCertificates.server(authority);
        ReloadingKeyManager keys = managerServing(first);
        Issued second = TestCertificates.server(authority);
        second.write(dir, "server");

        assertThat(served(keys)).as("checked at most once a second").isEqualTo(first.certificate());
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);
        assertThat(served(keys)).isEqualTo(second.certificate());
        assertThat(keys.getPrivateKey(keys.chooseEngineServerAlias("RSA", null, null)))
                .isEqualTo(second.keys().getPrivate());
    }

    @Test
    void aHandshakeThatChoseItsAliasBeforeAReloadStillGetsTheMatchingKeyAndChain() throws Exception {
        Issued first = TestCertificates.server(authority);
        ReloadingKeyManager keys = managerServing(first);
        String chosen = keys.chooseEngineServerAlias("RSA", null, null);

        TestCertificates.server(authority).write(dir, "server");
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);
        keys.current();

        assertThat(keys.getCertificateChain(chosen)[0]).isEqualTo(first.certificate());
        assertThat(keys.getPrivateKey(chosen)).isEqualTo(first.keys().getPrivate());
    }

    @Test
    void aHalfWrittenRotationKeepsTheOldMaterialUntilTheKeyArrives() throws Exception {
        Issued first = TestCertificates.server(authority);
        ReloadingKeyManager keys = managerServing(first);
        Issued second = TestCertificates.server(authority);
        Path[] staged = second.write(Files.createDirectory(dir.resolve("staged")), "server");

        Files.copy(staged[0], dir.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);
        assertThat(served(keys)).as("new certificate, old key: not used").isEqualTo(first.certificate());
        assertThat(keys.getPrivateKey(keys.chooseEngineServerAlias("RSA", null, null)))
                .isEqualTo(first.keys().getPrivate());

        Files.copy(staged[1], dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);
        assertThat(served(keys)).isEqualTo(second.certificate());
    }

    /** How the kubelet updates a secret volume: files behind a ..data symlink that is swapped atomically. */
    @Test
    void aSecretVolumeSymlinkSwapIsPickedUp() throws Exception {
        Issued first = TestCertificates.server(authority);
        Issued second = TestCertificates.server(authority);
        first.write(Files.createDirectory(dir.resolve("..2026_01")), "tls");
        second.write(Files.createDirectory(dir.resolve("..2026_02")), "tls");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01"));
        Path cert = Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.pem"));
        Path key = Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
        ReloadingKeyManager keys = ReloadingKeyManager.load(new ServerKeyMaterial.PemSource(cert, key), clock);
        assertThat(served(keys)).isEqualTo(first.certificate());

        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_02"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);

        assertThat(served(keys)).isEqualTo(second.certificate());
    }

    @Test
    void anExpiredReplacementIsNotServed() throws Exception {
        Issued first = TestCertificates.server(authority);
        ReloadingKeyManager keys = managerServing(first);

        TestCertificates.expiredServer(authority).write(dir, "server");
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);

        assertThat(served(keys)).isEqualTo(first.certificate());
    }

    @Test
    void filesDeletedMidRotationKeepTheOldMaterial() throws Exception {
        Issued first = TestCertificates.server(authority);
        ReloadingKeyManager keys = managerServing(first);

        Files.delete(dir.resolve("server.key"));
        clock.advance(ReloadingKeyManager.CHECK_INTERVAL);

        assertThat(served(keys)).isEqualTo(first.certificate());
    }

    @Test
    void aKeyTypeOtherThanTheKeysIsNotOffered() throws Exception {
        ReloadingKeyManager keys = managerServing(TestCertificates.server(authority));

        assertThat(keys.chooseEngineServerAlias("EC", null, null)).isNull();
        assertThat(keys.chooseEngineServerAlias("RSA", null, null)).isNotNull();
        assertThat(keys.chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
