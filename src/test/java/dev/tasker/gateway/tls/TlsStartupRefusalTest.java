package dev.tasker.gateway.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.server.ConfigException;
import dev.tasker.gateway.server.GatewayConfig;
import dev.tasker.gateway.server.GatewayServer;
import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses certificate material it could not serve, naming the setting; it never prints a secret. */
class TlsStartupRefusalTest {

    private static Issued authority;

    @TempDir
    Path dir;

    @BeforeAll
    static void authority() throws Exception {
        authority = TestCertificates.authority("refusal CA");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertStartRefused(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("host", "127.0.0.1");
        all.put("port", "0");
        all.put("data_dir", dir.resolve("data").toString());
        all.put("plugins_dir", dir.resolve("plugins").toString());
        return assertThatThrownBy(() -> GatewayServer.start(GatewayConfig.of(all), List.of()).close())
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aMissingCertificateFileIsNamed() throws Exception {
        Path[] files = TestCertificates.server(authority).write(dir, "server");

        assertStartRefused(Map.of("tls.cert_file", dir.resolve("absent.pem").toString(),
                "tls.key_file", files[1].toString()))
                .hasMessageContaining("tls.cert_file: " + dir.resolve("absent.pem") + " does not exist");
    }

    @Test
    void aMissingKeyFileIsNamed() throws Exception {
        Path[] files = TestCertificates.server(authority).write(dir, "server");

        assertStartRefused(Map.of("tls.cert_file", files[0].toString(),
                "tls.key_file", dir.resolve("absent.key").toString()))
                .hasMessageContaining("tls.key_file: " + dir.resolve("absent.key") + " does not exist");
    }

    @Test
    void aFileThatHoldsNoCertificateIsNamed() throws Exception {
        Path[] files = TestCertificates.server(authority).write(dir, "server");
        Files.writeString(files[0], "not a certificate\n");

        assertStartRefused(Map.of("tls.cert_file", files[0].toString(), "tls.key_file", files[1].toString()))
                .hasMessageContaining("tls.cert_file: " + files[0] + " holds no PEM certificate");
    }

    @Test
    void anUnreadablePathIsNamed() throws Exception {
        Path[] files = TestCertificates.server(authority).write(dir, "server");

        assertStartRefused(Map.of("tls.cert_file", dir.toString(), "tls.key_file", files[1].toString()))
                .hasMessageContaining("tls.cert_file: " + dir + " is not a file");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Path[] files = TestCertificates.expiredServer(authority).write(dir, "server");

        assertStartRefused(Map.of("tls.cert_file", files[0].toString(), "tls.key_file", files[1].toString()))
                .hasMessageContaining("tls.cert_file: the certificate in " + files[0] + " (CN=localhost) expired at");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path[] served = TestCertificates.server(authority).write(dir, "server");
        Path[] other = TestCertificates.server(authority).write(dir, "other");
        String key = Files.readString(other[1]);

        assertStartRefused(Map.of("tls.cert_file", served[0].toString(), "tls.key_file", other[1].toString()))
                .hasMessageContaining("tls.key_file: the key in " + other[1] + " does not belong to the certificate in "
                        + served[0])
                .hasMessageNotContaining(key.substring(40, 80));
    }

    @Test
    void aKeyStoreWithTheWrongPasswordIsRefusedWithoutPrintingAPassword() throws Exception {
        Path store = TestCertificates.server(authority).writeKeyStore(dir, "server", "right-password-1");
        Path password = Files.writeString(dir.resolve("store.pass"), "wrong-password-2\n");

        assertStartRefused(Map.of("tls.keystore_file", store.toString(),
                "tls.keystore_password_file", password.toString()))
                .hasMessageContaining("tls.keystore_file: cannot open " + store + " as PKCS#12 (wrong password in"
                        + " tls.keystore_password_file?)")
                .hasMessageNotContaining("right-password-1").hasMessageNotContaining("wrong-password-2");
    }

    @Test
    void aMissingPasswordFileIsNamed() throws Exception {
        Path store = TestCertificates.server(authority).writeKeyStore(dir, "server", "right-password-1");

        assertStartRefused(Map.of("tls.keystore_file", store.toString(),
                "tls.keystore_password_file", dir.resolve("absent.pass").toString()))
                .hasMessageContaining("tls.keystore_password_file: " + dir.resolve("absent.pass") + " does not exist");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() throws Exception {
        Path[] files = TestCertificates.server(authority).write(dir, "server");

        assertStartRefused(Map.of("tls.cert_file", files[0].toString()))
                .hasMessageContaining("tls.cert_file and tls.key_file go together")
                .hasMessageContaining("tls.cert_file from flag --tls-cert-file");
    }

    @Test
    void pemFilesAndAKeyStoreTogetherAreRefused() throws Exception {
        Issued leaf = TestCertificates.server(authority);
        Path[] files = leaf.write(dir, "server");
        Path store = leaf.writeKeyStore(dir, "server", "pw-pw-pw-pw");

        assertStartRefused(Map.of("tls.cert_file", files[0].toString(), "tls.key_file", files[1].toString(),
                "tls.keystore_file", store.toString()))
                .hasMessageContaining("set tls.keystore_file or tls.cert_file with tls.key_file, not both");
    }

    @Test
    void aPlainHttpPortWithoutTlsIsRefused() {
        assertStartRefused(Map.of("http_port", "8081"))
                .hasMessageContaining("http_port is a plain HTTP port beside HTTPS")
                .hasMessageContaining("http_port from flag --http-port");
    }
}
