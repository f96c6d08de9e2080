package dev.tasker.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.server.Main;
import dev.tasker.gateway.testing.GatewayProcess;
import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestCertificates.Issued;
import dev.tasker.gateway.testing.TlsConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS configured by the environment alone, in a gateway process started as a user starts it. */
class TlsProcessTest {

    @TempDir
    Path home;

    private Map<String, String> env(Path[] files) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATA_DIR", home.resolve("data").toString());
        env.put("GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString());
        env.put("GATEWAY_TLS_CERT_FILE", files[0].toString());
        env.put("GATEWAY_TLS_KEY_FILE", files[1].toString());
        return env;
    }

    @Test
    void aProcessConfiguredByEnvironmentServesHttpsAndAPlainHealthPort() throws Exception {
        Issued authority = TestCertificates.authority("process CA");
        Issued leaf = TestCertificates.server(authority);
        Map<String, String> env = env(leaf.write(home, "server"));
        env.put("GATEWAY_HTTP_PORT", "0");
        Path log = home.resolve("gateway.log");

        try (GatewayProcess gateway = GatewayProcess.start(env, log)) {
            try (TlsConnection connection = TlsConnection.open(gateway.port(), authority.trustingContext())) {
                assertThat(connection.peerLeaf()).isEqualTo(leaf.certificate());
                assertThat(connection.get("/health/ready").status()).isEqualTo(200);
            }
            String text = gateway.log();
            assertThat(text).contains("listening on https://127.0.0.1:" + gateway.port() + "/");
            Matcher plain = Pattern.compile("HTTPS: TLSv1.3/TLSv1.2, certificate CN=localhost expiring \\S+;"
                    + " plain HTTP on port (\\d+) for /health, /health/\\*").matcher(text);
            assertThat(plain.find()).as("the HTTPS start-up line in:\n" + text).isTrue();
            int plainPort = Integer.parseInt(plain.group(1));
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + plainPort
                            + "/health/live")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(text).doesNotContain("PRIVATE KEY");
        }
    }

    /**
     * This JVM refuses TLS 1.1 by its own security policy ({@code jdk.tls.disabledAlgorithms}); a gateway whose
     * JVM allows TLS 1.1 still refuses it, by the listener's own protocol and suite policy.
     */
    @Test
    void aGatewayOnAJvmThatAllowsTls11StillRefusesIt() throws Exception {
        Issued authority = TestCertificates.authority("process CA");
        Path security = Files.writeString(home.resolve("allow-tls11.security"),
                "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
                        + " 3DES_EDE_CBC, anon, NULL\n");
        Path log = home.resolve("tls11.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--host", "127.0.0.1", "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(env(TestCertificates.server(authority).write(home, "server")));
        Process process = builder.start();
        try {
            int port = awaitHttpsPort(process, log);

            assertThat(firstAnswerByte(port, TlsConnection.clientHello(2)))
                    .as("TLS 1.1: an alert (21) or a closed connection (-1), no ServerHello").isIn(-1, 21);
            assertThat(firstAnswerByte(port, TlsConnection.clientHello(3)))
                    .as("TLS 1.2: a handshake record (22)").isEqualTo(22);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int firstAnswerByte(int port, byte[] hello) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(hello);
            return socket.getInputStream().read();
        }
    }

    private static int awaitHttpsPort(Process process, Path log) throws Exception {
        Pattern listening = Pattern.compile("listening on https://127.0.0.1:(\\d+)/");
        for (int i = 0; i < 600; i++) {
            Matcher m = listening.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(process.isAlive()).as("the gateway runs:\n" + (Files.exists(log) ? Files.readString(log) : ""))
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not start:\n" + Files.readString(log));
    }

    @Test
    void anExpiredCertificateStopsStartUpWithExitCode2NamingTheSetting() throws Exception {
        Issued authority = TestCertificates.authority("process CA");
        Path[] files = TestCertificates.expiredServer(authority).write(home, "server");
        String key = Files.readString(files[1]);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--host", "127.0.0.1",
                "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(env(files));

        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits").isTrue();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr).contains("worker-gateway: cannot start HTTPS: tls.cert_file: the certificate in "
                + files[0] + " (CN=localhost) expired at");
        assertThat(stdout + stderr).doesNotContain("listening on").doesNotContain(key.substring(40, 80));
    }
}
