package dev.tasker.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestCertificates.Issued;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.TlsConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS listener on a real gateway, with certificates made by the test. */
class HttpsListenerTest {

    private static Issued authority;
    private static Issued otherAuthority;

    @TempDir
    Path dir;

    private TestGateway gateway;

    @BeforeAll
    static void authorities() throws Exception {
        authority = TestCertificates.authority("gateway test CA");
        otherAuthority = TestCertificates.authority("someone else's CA");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestGateway start(Issued leaf, Map<String, String> extra) throws IOException {
        Path[] files = leaf.write(dir, "server");
        Map<String, String> settings = new HashMap<>(Map.of("tls.cert_file", files[0].toString(),
                "tls.key_file", files[1].toString()));
        settings.putAll(extra);
        gateway = TestGateway.start(settings);
        return gateway;
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + gateway.server().port() + path);
    }

    private static HttpResponse<String> get(SSLContext context, URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class Handshake {

        @Test
        void aClientTrustingTheCaIsServedOverTls13() throws Exception {
            start(TestCertificates.server(authority), Map.of());

            HttpResponse<String> response = get(authority.trustingContext(), https("/v1/handlers"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession()).hasValueSatisfying(session ->
                    assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
            assertThat(gateway.server().baseUri().getScheme()).isEqualTo("https");
        }

        @Test
        void aClientThatDoesNotTrustTheCaFailsTheHandshake() throws Exception {
            start(TestCertificates.server(authority), Map.of());

            assertThatThrownBy(() -> get(otherAuthority.trustingContext(), https("/health/live")))
                    .isInstanceOf(SSLHandshakeException.class);
        }

        @Test
        void plainHttpIsOffWhenTlsIsOn() throws Exception {
            start(TestCertificates.server(authority), Map.of());

            assertThat(gateway.server().httpPort()).isEmpty();
            assertThatThrownBy(() -> gateway.get("/health/live")).hasRootCauseInstanceOf(IOException.class);
        }

        @Test
        void anEcKeyIsServed() throws Exception {
            Issued leaf = TestCertificates.serverEc(authority);
            start(leaf, Map.of());

            try (TlsConnection connection = TlsConnection.open(gateway.server().port(), authority.trustingContext())) {
                assertThat(connection.peerLeaf()).isEqualTo(leaf.certificate());
                assertThat(connection.get("/health/live").status()).isEqualTo(200);
            }
        }

        @Test
        void aPkcs12KeyStoreWithItsPasswordFromAFileIsServed() throws Exception {
            Issued leaf = TestCertificates.server(authority);
            Path store = leaf.writeKeyStore(dir, "server", "s3cret-store-pass");
            Path password = Files.writeString(dir.resolve("store.pass"), "s3cret-store-pass\n");
            gateway = TestGateway.start(Map.of("tls.keystore_file", store.toString(),
                    "tls.keystore_password_file", password.toString()));

            try (TlsConnection connection = TlsConnection.open(gateway.server().port(), authority.trustingContext())) {
                assertThat(connection.peerLeaf()).isEqualTo(leaf.certificate());
            }
        }
    }

    @Nested
    class Policy {

        @Test
        void tls12WithAnAeadSuiteIsServed() throws Exception {
            start(TestCertificates.server(authority), Map.of());

            try (TlsConnection connection = TlsConnection.open(gateway.server().port(), authority.trustingContext(),
                    new String[] {"TLSv1.2"}, null)) {
                assertThat(connection.protocol()).isEqualTo("TLSv1.2");
                assertThat(connection.cipherSuite()).startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "CHACHA20");
                assertThat(connection.get("/health/live").status()).isEqualTo(200);
            }
        }

        /** The JDK client accepts CBC suites; the server's own restriction refuses them. */
        @Test
        void aClientOfferingOnlyCbcSuitesIsRefused() throws Exception {
            start(TestCertificates.server(authority), Map.of());

            assertThatThrownBy(() -> TlsConnection.open(gateway.server().port(), authority.trustingContext(),
                    new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256"}))
                    .isInstanceOf(SSLHandshakeException.class);
        }

        /**
         * Written by hand, as this JVM's own client would not offer TLS 1.1 at all; the same hello offering TLS
         * 1.0 to 1.2 (the record layer still says 1.1) is answered with a ServerHello, so the bytes are a
         * valid hello.
         */
        @Test
        void aTls11ClientHelloIsNotAnsweredWithAServerHello() throws Exception {
            start(TestCertificates.server(authority), Map.of());

            assertThat(firstAnswerByte(TlsConnection.clientHello(2))).as("TLS 1.1: an alert (21) or a closed connection (-1)")
                    .isIn(-1, 21);
            assertThat(firstAnswerByte(TlsConnection.clientHello(3))).as("TLS 1.2: a handshake record (22)").isEqualTo(22);
        }

        private int firstAnswerByte(byte[] hello) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(hello);
                InputStream in = socket.getInputStream();
                return in.read();
            }
        }

    }

    @Nested
    class Rotation {

        @Test
        void aCertificateRotatedOnDiskIsServedToTheNextConnectionWhileAnOpenOneKeepsWorking() throws Exception {
            Issued first = TestCertificates.server(authority);
            start(first, Map.of());
            int port = gateway.server().port();
            SSLContext client = authority.trustingContext();

            try (TlsConnection open = TlsConnection.open(port, client)) {
                assertThat(open.peerLeaf()).isEqualTo(first.certificate());
                assertThat(open.get("/health/live").status()).isEqualTo(200);

                Issued second = TestCertificates.server(authority);
                second.write(dir, "server"); // rewritten in place, as cert-manager's secret volume does

                X509Certificate served = firstServedWithin(port, client, second.certificate(), Duration.ofSeconds(15));
                assertThat(served).isEqualTo(second.certificate());

                TlsConnection.Answer again = open.get("/health/live");
                assertThat(again.status()).as("the connection opened before the rotation").isEqualTo(200);
                assertThat(open.peerLeaf()).isEqualTo(first.certificate());
            }
        }

        /** New connections until one is served the expected certificate or the time is up (bounded, no timing claim). */
        private static X509Certificate firstServedWithin(int port, SSLContext client, X509Certificate expected,
                                                         Duration limit) throws Exception {
            long deadline = System.nanoTime() + limit.toNanos();
            X509Certificate served;
            do {
                try (TlsConnection connection = TlsConnection.open(port, client)) {
                    served = connection.peerLeaf();
                    assertThat(connection.get("/health/live").status()).isEqualTo(200);
                }
                if (!served.equals(expected)) {
                    Thread.sleep(100);
                }
            } while (!served.equals(expected) && System.nanoTime() < deadline);
            return served;
        }
    }

    @Nested
    class PlainPort {

        @Test
        void thePlainPortServesHealthOnlyAndHttpsServesEverything() throws Exception {
            start(TestCertificates.server(authority), Map.of("http_port", "0"));
            int plain = gateway.server().httpPort().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> handlers = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain + "/v1/handlers")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> step = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + plain + "/v1/steps")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(handlers.statusCode()).isEqualTo(404);
            assertThat(handlers.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(TestGateway.json(handlers).path("error_code").asText()).isEqualTo("HTTPS_REQUIRED");
            assertThat(step.statusCode()).isEqualTo(404);
            assertThat(TestGateway.json(step).path("error_code").asText()).isEqualTo("HTTPS_REQUIRED");
            assertThat(get(authority.trustingContext(), https("/v1/handlers")).statusCode()).isEqualTo(200);
        }

        @Test
        void httpPathsChooseWhatThePlainPortServes() throws Exception {
            start(TestCertificates.server(authority), Map.of("http_port", "0", "http_paths", "/health/live,/metrics"));
            int plain = gateway.server().httpPort().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();

            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }
}
