package dev.tasker.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tasker.gateway.server.ConfigException;
import dev.tasker.gateway.server.GatewayConfig;
import dev.tasker.gateway.server.GatewayServer;
import dev.tasker.gateway.testing.LogCapture;
import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestCertificates.Issued;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.TlsConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS on a real gateway: client certificates made by the test, mapped to identities by client_certs. */
class MutualTlsTest {

    private static final String KEY = "ops-key-0123456789abcdef";
    private static final String CLIENT_CERTS = """
            [{"name": "orchestrator", "subject": "CN=orchestrator-1,O=Acme", "scopes": ["read", "execute"]},
             {"name": "mesh-worker", "subject": "san:worker.mesh.internal", "scopes": ["read"]},
             {"name": "spiffe-ops", "subject": "san:spiffe://acme/ops", "scopes": ["read", "admin"]}]""";

    private static Issued serverCa;
    private static Issued clientCa;
    private static Issued otherCa;
    private static Issued orchestrator;

    @TempDir
    Path dir;

    private TestGateway gateway;

    @BeforeAll
    static void certificates() throws Exception {
        serverCa = TestCertificates.authority("server CA");
        clientCa = TestCertificates.authority("client CA");
        otherCa = TestCertificates.authority("someone else's client CA");
        orchestrator = TestCertificates.client(clientCa, "CN=orchestrator-1,O=Acme");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private Map<String, String> settings(String clientAuth) throws Exception {
        Path[] server = TestCertificates.server(serverCa).write(dir, "server");
        Path ca = clientCa.write(dir, "client-ca")[0];
        Map<String, String> settings = new HashMap<>();
        settings.put("tls.cert_file", server[0].toString());
        settings.put("tls.key_file", server[1].toString());
        settings.put("tls.client_auth", clientAuth);
        settings.put("tls.client_ca_file", ca.toString());
        settings.put("client_certs", CLIENT_CERTS);
        settings.put("api_keys", "ops:" + KEY + ":read+admin");
        return settings;
    }

    private void start(String clientAuth) throws Exception {
        gateway = TestGateway.start(settings(clientAuth));
    }

    private HttpResponse<String> send(SSLContext context, String method, String path, String... headers)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + gateway.server().port() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, HttpRequest.BodyPublishers.noBody());
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext as(Issued client) throws Exception {
        return serverCa.clientContext(client);
    }

    private static String errorCode(HttpResponse<String> response) {
        return TestGateway.json(response).path("error_code").asText();
    }

    @Nested
    class Required {

        @Test
        void aClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
            start("required");

            assertThatThrownBy(() -> {
                try (TlsConnection connection = TlsConnection.open(gateway.server().port(), serverCa.trustingContext())) {
                    connection.get("/health/live");
                }
            }).isInstanceOf(IOException.class);
        }

        @Test
        void aCertificateFromAnotherCaIsRefusedAtTheHandshake() throws Exception {
            start("required");
            Issued stranger = TestCertificates.client(otherCa, "CN=orchestrator-1,O=Acme");

            assertThatThrownBy(() -> send(as(stranger), "GET", "/v1/handlers")).isInstanceOf(IOException.class);
        }

        @Test
        void aMappedCertificateIsItsIdentityWithItsScopes() throws Exception {
            start("required");

            try (LogCapture logs = LogCapture.start()) {
                HttpResponse<String> read = send(as(orchestrator), "GET", "/v1/handlers");
                HttpResponse<String> admin = send(as(orchestrator), "POST", "/v1/plugins/reload");

                assertThat(read.statusCode()).isEqualTo(200);
                assertThat(admin.statusCode()).isEqualTo(403);
                assertThat(errorCode(admin)).isEqualTo("CLIENT_CERT_SCOPE_MISSING");
                assertThat(TestGateway.json(admin).path("detail").asText())
                        .isEqualTo("Client certificate 'orchestrator' lacks the scope 'admin' this route needs");
                List<ILoggingEvent> refusals = logs.events().stream()
                        .filter(e -> e.getFormattedMessage().contains("lacks scope 'admin'")).toList();
                assertThat(refusals).singleElement().satisfies(e ->
                        assertThat(e.getMDCPropertyMap()).containsEntry("client_cert", "orchestrator"));
            }
        }

        @Test
        void aTrustedButUnmappedCertificateIs401UnlessAnApiKeyIsSent() throws Exception {
            start("required");
            Issued unmapped = TestCertificates.client(clientCa, "CN=intruder,O=Acme");

            HttpResponse<String> alone = send(as(unmapped), "GET", "/v1/handlers");
            HttpResponse<String> withKey = send(as(unmapped), "POST", "/v1/plugins/reload", "X-API-Key", KEY);

            assertThat(alone.statusCode()).isEqualTo(401);
            assertThat(errorCode(alone)).isEqualTo("CLIENT_CERT_UNKNOWN");
            assertThat(alone.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(withKey.statusCode()).as("the API key names the identity").isEqualTo(200);
        }

        @Test
        void aSubjectAlternativeNameMapsADnsOrUriIdentity() throws Exception {
            start("required");
            Issued meshWorker = TestCertificates.client(clientCa, "CN=pod-7f9c", "Worker.Mesh.Internal");
            Issued spiffe = TestCertificates.client(clientCa, "CN=ops", "uri:spiffe://acme/ops");

            assertThat(send(as(meshWorker), "GET", "/v1/handlers").statusCode()).isEqualTo(200);
            assertThat(errorCode(send(as(meshWorker), "POST", "/v1/plugins/reload")))
                    .isEqualTo("CLIENT_CERT_SCOPE_MISSING");
            assertThat(send(as(spiffe), "POST", "/v1/plugins/reload").statusCode()).isEqualTo(200);
        }

        @Test
        void publicPathsNeedNoIdentityButStillTheHandshake() throws Exception {
            start("required");
            Issued unmapped = TestCertificates.client(clientCa, "CN=prober");

            assertThat(send(as(unmapped), "GET", "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class Optional {

        @Test
        void withoutACertificateAnApiKeyStillWorksAndNothingIs401() throws Exception {
            start("optional");

            assertThat(send(serverCa.trustingContext(), "GET", "/v1/handlers", "X-API-Key", KEY).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> nothing = send(serverCa.trustingContext(), "GET", "/v1/handlers");
            assertThat(nothing.statusCode()).isEqualTo(401);
            assertThat(errorCode(nothing)).isEqualTo("API_KEY_MISSING");
            assertThat(TestGateway.json(nothing).path("detail").asText()).contains("client certificate");
        }

        @Test
        void aMappedCertificateIsItsIdentity() throws Exception {
            start("optional");

            assertThat(send(as(orchestrator), "GET", "/v1/handlers").statusCode()).isEqualTo(200);
            assertThat(errorCode(send(as(orchestrator), "POST", "/v1/plugins/reload")))
                    .isEqualTo("CLIENT_CERT_SCOPE_MISSING");
        }
    }

    @Nested
    class StartUp {

        private void assertRefused(Map<String, String> settings, String message) {
            Map<String, String> all = new HashMap<>(settings);
            all.put("host", "127.0.0.1");
            all.put("port", "0");
            all.put("data_dir", dir.resolve("data").toString());
            all.put("plugins_dir", dir.resolve("plugins").toString());
            assertThatThrownBy(() -> GatewayServer.start(GatewayConfig.of(all), List.of()).close())
                    .isInstanceOf(ConfigException.class).hasMessageContaining(message);
        }

        @Test
        void clientAuthWithoutACaFileIsRefused() throws Exception {
            Map<String, String> settings = settings("required");
            settings.remove("tls.client_ca_file");

            assertRefused(settings, "tls.client_auth required needs tls.client_ca_file");
        }

        @Test
        void aMissingCaFileIsNamed() throws Exception {
            Map<String, String> settings = settings("optional");
            settings.put("tls.client_ca_file", dir.resolve("absent-ca.pem").toString());

            assertRefused(settings, "tls.client_ca_file: " + dir.resolve("absent-ca.pem") + " does not exist");
        }

        @Test
        void clientCertsWithoutClientAuthAreRefused() throws Exception {
            Map<String, String> settings = settings("none");
            settings.remove("tls.client_ca_file");

            assertRefused(settings, "client_certs maps client certificates, but tls.client_auth is none");
        }

        @Test
        void clientAuthWithoutTlsIsRefused() {
            assertRefused(Map.of("tls.client_auth", "required", "tls.client_ca_file", "/etc/ca.pem"),
                    "tls.client_auth required needs TLS on");
        }
    }
}
