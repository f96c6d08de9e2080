package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.http.auth.ApiScope;
import dev.tasker.gateway.http.auth.JwtSettings;
import dev.tasker.gateway.testing.JwtTokens.SigningKey;
import dev.tasker.gateway.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code jwt.*} group from YAML, environment and flags; what start-up refuses. */
class JwtConfigTest {

    @TempDir
    Path dir;

    @Test
    void theJwtMappingInYamlIsReadWithEnvAndFlagsOverIt() throws IOException {
        Path pem = SigningKey.rsa("issuer-a").writePublicPem(dir);
        Path yaml = Files.writeString(dir.resolve("gateway.yml"), """
                jwt:
                  jwks_url: https://id.example.com/.well-known/jwks.json
                  public_key_files: [%s]
                  issuer: https://id.example.com
                  audience: from-yaml
                  clock_skew: 10s
                  namespaces_claim: worker_namespaces
                  scope_map:
                    "worker:*": [read, execute, admin]
                    "steps:run": execute
                """.formatted(pem));

        GatewayConfig config = ConfigLoader.load(new String[] {"--jwt-clock-skew", "15s"},
                Map.of("GATEWAY_CONFIG", yaml.toString(), "GATEWAY_JWT_AUDIENCE", "from-env"));
        JwtSettings jwt = config.jwt().orElseThrow();

        assertThat(jwt.jwksUrl()).isEqualTo(URI.create("https://id.example.com/.well-known/jwks.json"));
        assertThat(jwt.publicKeyFiles()).containsExactly(pem);
        assertThat(jwt.issuer()).isEqualTo("https://id.example.com");
        assertThat(jwt.audience()).isEqualTo("from-env");
        assertThat(config.origin(Settings.JWT_AUDIENCE)).isEqualTo("env GATEWAY_JWT_AUDIENCE");
        assertThat(jwt.clockSkew()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.origin(Settings.JWT_CLOCK_SKEW)).isEqualTo("flag --jwt-clock-skew");
        assertThat(config.origin(Settings.JWT_ISSUER)).isEqualTo(yaml.toString());
        assertThat(jwt.namespacesClaim()).isEqualTo("worker_namespaces");
        assertThat(jwt.scopesClaim()).isEqualTo("permissions");
        assertThat(jwt.scopeMap()).isEqualTo(Map.of("worker:*", EnumSet.allOf(ApiScope.class),
                "steps:run", Set.of(ApiScope.EXECUTE)));
    }

    @Test
    void theDefaultsMapReadExecuteAdminAndWorkerStar() {
        GatewayConfig config = GatewayConfig.of(Map.of("jwt.public_key_files", "/keys/a.pem", "jwt.issuer", "i",
                "jwt.audience", "a"));

        JwtSettings jwt = config.jwt().orElseThrow();

        assertThat(jwt.scopeMap()).isEqualTo(Map.of("read", Set.of(ApiScope.READ), "execute", Set.of(ApiScope.EXECUTE),
                "admin", Set.of(ApiScope.ADMIN), "worker:*", EnumSet.allOf(ApiScope.class)));
        assertThat(jwt.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(jwt.namespacesClaim()).isNull();
        assertThat(jwt.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(GatewayConfig.defaults().jwt()).as("off unless keys are configured").isEmpty();
    }

    @Test
    void jwtWithoutIssuerOrAudienceStopsStartUpNamingTheSetting() {
        GatewayConfig noIssuer = ConfigLoader.load(new String[0], Map.of("GATEWAY_JWT_JWKS_URL",
                "https://id.example.com/jwks", "GATEWAY_JWT_AUDIENCE", "a"));
        GatewayConfig noAudience = GatewayConfig.of(Map.of("jwt.public_key_files", "/k.pem", "jwt.issuer", "i"));

        assertThatThrownBy(noIssuer::jwt).isInstanceOf(ConfigException.class).hasMessage(
                "jwt.issuer is required when JWT bearer tokens are on (jwt.jwks_url from env GATEWAY_JWT_JWKS_URL)");
        assertThatThrownBy(noAudience::jwt).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("jwt.audience is required");
    }

    @Test
    void invalidValuesNameTheDottedSetting() throws IOException {
        Path yaml = Files.writeString(dir.resolve("bad.yml"), "jwt:\n  scope_map: {\"worker:*\": [everything]}\n");
        Path notAMapping = Files.writeString(dir.resolve("flat.yml"), "jwt: on\n");
        Path unknown = Files.writeString(dir.resolve("unknown.yml"), "jwt:\n  issuer_url: x\n");

        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", yaml.toString())))
                .hasMessage("invalid value for jwt.scope_map (from " + yaml + "): permission 'worker:*': unknown scope"
                        + " 'everything' (expected read, execute or admin)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--jwt-jwks-url", "ftp://x"}, Map.of()))
                .hasMessageContaining("invalid value for jwt.jwks_url (from flag --jwt-jwks-url)");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", notAMapping.toString())))
                .hasMessageContaining("'jwt' in config file " + notAMapping + " must be a mapping");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", unknown.toString())))
                .hasMessage("unknown key 'jwt.issuer_url' in config file " + unknown);
    }

    @Test
    void anUnreadableKeyFileStopsStartUpNamingIt() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");

        assertThatThrownBy(() -> TestGateway.start(Map.of("jwt.public_key_files", garbage.toString(),
                "jwt.issuer", "i", "jwt.audience", "a")))
                .hasRootCauseInstanceOf(ConfigException.class)
                .rootCause().hasMessageContaining("jwt.public_key_files").hasMessageContaining(garbage.toString());
    }

    @Test
    void printConfigShowsTheJwtGroup() {
        Map<String, String> described = GatewayConfig.of(Map.of("jwt.jwks_url", "https://id.example.com/jwks",
                "jwt.issuer", "https://id.example.com", "jwt.audience", "gw")).describe();

        assertThat(described).containsEntry("jwt.jwks_url", "https://id.example.com/jwks (flag --jwt-jwks-url)")
                .containsEntry("jwt.issuer", "https://id.example.com (flag --jwt-issuer)")
                .containsEntry("jwt.scopes_claim", "permissions (default)")
                .containsEntry("jwt.namespaces_claim", " (default)");
    }
}
