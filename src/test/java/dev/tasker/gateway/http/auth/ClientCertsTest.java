package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.testing.TestCertificates;
import dev.tasker.gateway.testing.TestCertificates.Issued;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** client_certs: parsing, and which certificate an entry names (no server). */
class ClientCertsTest {

    private static Issued ca;
    private static X509Certificate orchestrator;
    private static X509Certificate meshWorker;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.authority("mapping CA");
        orchestrator = TestCertificates.client(ca, "CN=orchestrator-1,O=Acme").certificate();
        meshWorker = TestCertificates.client(ca, "CN=pod", "worker.mesh.internal", "uri:spiffe://acme/worker")
                .certificate();
    }

    private static ClientCert entry(String subject) {
        return new ClientCert("e", subject, EnumSet.of(ApiScope.READ));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "CN=orchestrator-1,O=Acme|true",
            "CN=orchestrator-1, O=Acme|true",
            "cn=Orchestrator-1,o=ACME|true",
            "O=Acme,CN=orchestrator-1|false",
            "CN=orchestrator-1|false",
            "CN=orchestrator-2,O=Acme|false"})
    void aSubjectIsComparedAsAnX500Name(String subject, boolean matches) {
        assertThat(entry(subject).matches(orchestrator)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "san:worker.mesh.internal|true",
            "san:WORKER.mesh.internal|true",
            "san:spiffe://acme/worker|true",
            "san:spiffe://ACME/worker|false",
            "san:mesh.internal|false",
            "san:pod|false"})
    void aSanNamesADnsNameOrAUri(String subject, boolean matches) {
        assertThat(entry(subject).matches(meshWorker)).isEqualTo(matches);
        assertThat(entry(subject).matches(orchestrator)).as("a certificate without SANs").isFalse();
    }

    @Test
    void theListParsesWithScopesDefaultingToAll() {
        List<ClientCert> certs = ClientCerts.parse("""
                [{"name": "orchestrator", "subject": "CN=orchestrator-1,O=Acme", "scopes": ["read", "execute"]},
                 {"name": "ops", "subject": "san:ops.internal"},
                 {"name": "ci", "subject": "CN=ci", "scopes": "read+admin"}]""");

        assertThat(certs).extracting(ClientCert::name).containsExactly("orchestrator", "ops", "ci");
        assertThat(certs.get(0).scopes()).containsExactlyInAnyOrder(ApiScope.READ, ApiScope.EXECUTE);
        assertThat(certs.get(1).scopes()).containsExactlyInAnyOrder(ApiScope.values());
        assertThat(new ClientCerts(certs).match(orchestrator)).map(ClientCert::name).hasValue("orchestrator");
        assertThat(new ClientCerts(certs).match(meshWorker)).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "[{\"name\": \"a\", \"subject\": \"not a dn\"}]|entry 1: the subject of 'a' is neither an RFC 4514 DN",
            "[{\"name\": \"a\", \"subject\": \"san:\"}]|entry 1: the subject of 'a' is san: without a value",
            "[{\"name\": \"a b\", \"subject\": \"CN=a\"}]|entry 1: client certificate name 'a b' must be",
            "[{\"name\": \"a\", \"subject\": \"CN=a\", \"scopes\": [\"root\"]}]|entry 1: unknown scope 'root'",
            "[{\"name\": \"a\", \"subject\": \"CN=a\", \"scopes\": []}]|entry 1: client certificate 'a' has no scopes",
            "[{\"name\": \"a\", \"subjct\": \"CN=a\"}]|entry 1: unknown field 'subjct'",
            "[{\"name\": \"a\"}]|entry 1: 'subject' is missing",
            "[{\"name\": \"a\", \"subject\": \"CN=a\"}, {\"name\": \"a\", \"subject\": \"CN=b\"}]|two client certificates are named 'a'",
            "[{\"name\": \"a\", \"subject\": \"CN=x,O=y\"}, {\"name\": \"b\", \"subject\": \"cn=X, o=Y\"}]|'b' repeats the subject",
            "CN=a|expected a list of {name, subject, scopes}"})
    void aBadListIsRefusedNamingTheEntry(String text, String message) {
        assertThatThrownBy(() -> ClientCerts.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
