package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import dev.tasker.gateway.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as JWT verification keys, and the scope map's two forms. */
class FileJwtKeysTest {

    @TempDir
    Path dir;

    @Test
    void publicKeysOfEachTypeAndACertificateBecomeKeysNamedByTheirFile() throws Exception {
        Path rsa = SigningKey.rsa("rsa").writePublicPem(dir);
        Path ec = SigningKey.ec("ec").writePublicPem(dir);
        Path ed = SigningKey.ed25519("ed").writePublicPem(dir);
        Path cert = TestCertificates.authority("Issuer CA").write(dir, "issuer-cert")[0];

        FileJwtKeys keys = FileJwtKeys.read(List.of(rsa, ec, ed, cert));

        assertThat(keys.size()).isEqualTo(4);
        assertThat(keys.forKid("rsa")).singleElement().isInstanceOf(RSAKey.class);
        assertThat(keys.forKid("ec")).singleElement().isInstanceOf(ECKey.class);
        assertThat(keys.forKid("ed")).singleElement().isInstanceOf(OctetKeyPair.class);
        assertThat(keys.forKid("issuer-cert")).hasSize(1);
        assertThat(keys.forKid(null)).extracting(JWK::getKeyID).containsExactly("rsa", "ec", "ed", "issuer-cert");
        assertThat(keys.forKid("other")).isEmpty();
    }

    @Test
    void anEcKeyOffP256IsRefusedNamingIt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        Path p384 = Files.writeString(dir.resolve("p384.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> FileJwtKeys.read(List.of(p384))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'p384'").hasMessageContaining("P-256");
    }

    @Test
    void aFileWithoutAPublicKeyIsRefusedNamingTheFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> FileJwtKeys.read(List.of(garbage))).hasMessageContaining(garbage.toString())
                .hasMessageContaining("no PEM public key");
        assertThatThrownBy(() -> FileJwtKeys.read(List.of(missing))).hasMessageContaining(missing.toString());
    }

    @Test
    void theScopeMapReadsCompactAndStructuredFormsAndRefusesUnknownScopes() {
        assertThat(JwtScopeMap.parse("worker:*=read+execute+admin, steps:run=execute"))
                .isEqualTo(JwtScopeMap.parse("{\"worker:*\":[\"read\",\"execute\",\"admin\"],\"steps:run\":\"execute\"}"))
                .containsEntry("steps:run", java.util.Set.of(ApiScope.EXECUTE));
        assertThat(JwtScopeMap.parse("")).isEqualTo(Map.of());
        assertThatThrownBy(() -> JwtScopeMap.parse("read=reed")).hasMessageContaining("unknown scope 'reed'");
        assertThatThrownBy(() -> JwtScopeMap.parse("read")).hasMessageContaining("expected permission=scope+scope");
        assertThatThrownBy(() -> JwtScopeMap.parse("a=read,a=admin")).hasMessageContaining("mapped twice");
    }
}
