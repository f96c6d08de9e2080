package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.server.Values;
import dev.tasker.gateway.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointFilesTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path folder;

    private static WebhookConfig parse(String endpointFields) throws Exception {
        return WebhookConfig.parse(new YAMLMapper().readTree("""
                endpoints:
                  - name: a
                    url: https://localhost:8443/hook
                """ + endpointFields.indent(4)), Values::duration);
    }

    @Test
    void secretFileGivesOneSecretALine() throws Exception {
        Path file = Files.writeString(folder.resolve("secret"), SECRET + "\n\n" + SECRET.replace('M', 'N') + "\n");

        WebhookEndpoint endpoint = parse("secret_file: " + file).endpoints().get(0);

        assertThat(endpoint.secrets()).hasSize(2);
    }

    @Test
    void unreadableSecretFileStopsParsingNamingTheFieldNotTheContent() {
        assertThatThrownBy(() -> parse("secret_file: " + folder.resolve("missing")))
                .hasMessageStartingWith("webhooks.endpoints[0].secret_file (endpoint 'a'): cannot read");
    }

    @Test
    void caFileAndClientCertificateAreReadAndAMismatchedKeyIsRefused() throws Exception {
        TestCertificates.Issued ca = TestCertificates.authority("ca");
        Path caFile = ca.write(folder, "ca")[0];
        Path[] client = TestCertificates.server(ca).write(folder, "client");
        Path otherKey = TestCertificates.server(ca).write(folder, "other")[1];

        WebhookEndpoint endpoint = parse("secret: " + SECRET + "\nca_file: " + caFile + "\nclient_cert_file: "
                + client[0] + "\nclient_key_file: " + client[1]).endpoints().get(0);

        assertThat(endpoint.tls()).isEqualTo(new EndpointTls(caFile, client[0], client[1]));
        assertThatThrownBy(() -> parse("secret: " + SECRET + "\nclient_cert_file: " + client[0]
                + "\nclient_key_file: " + otherKey))
                .hasMessageContaining("webhooks.endpoints[0].client_key_file (endpoint 'a')")
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void caFileThatIsNoCertificateStopsParsingNamingTheField() throws Exception {
        Path notPem = Files.writeString(folder.resolve("ca.pem"), "not a certificate");

        assertThatThrownBy(() -> parse("secret: " + SECRET + "\nca_file: " + notPem))
                .hasMessageStartingWith("webhooks.endpoints[0].ca_file (endpoint 'a'): ")
                .hasMessageContaining("holds no PEM certificate");
    }
}
