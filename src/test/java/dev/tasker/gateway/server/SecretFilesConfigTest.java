package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.http.auth.ApiKey;
import dev.tasker.gateway.http.auth.ApiScope;
import dev.tasker.gateway.testing.ChildGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret settings read from files ({@code api_keys_file}, {@code db_url_file}) in every source, and
 * {@code --print-config} naming the file, never the secret; dotted group names for env and flags.
 */
class SecretFilesConfigTest {

    private static final String KEY_A = "aaaaaaaaaaaaaaaa-file-secret-A";
    private static final String KEY_B = "bbbbbbbbbbbbbbbb-file-secret-B";
    private static final String DB_PASSWORD = "s3cr3t-db-password-77";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void apiKeysFileFromTheEnvironmentIsReadStrippedAndItsPathIsTheOrigin() throws IOException {
        Path secret = write("api-keys", "ci:" + KEY_A + ":read+execute\n");

        GatewayConfig config = ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS_FILE", secret.toString()));

        assertThat(config.apiKeys()).containsExactly(new ApiKey("ci", KEY_A,
                java.util.EnumSet.of(ApiScope.READ, ApiScope.EXECUTE)));
        assertThat(config.origin(Settings.API_KEYS))
                .isEqualTo("api_keys_file " + secret + ", env GATEWAY_API_KEYS_FILE");
        assertThat(config.unknownVariables()).isEmpty();
    }

    @Test
    void yamlNamesTheFileOfEachSecretAndAFlagFileBeatsIt() throws IOException {
        Path keys = write("keys", "[{\"name\": \"orchestrator\", \"key\": \"" + KEY_A + "\", \"scopes\": [\"execute\"]}]");
        Path db = write("db", "jdbc:postgresql://db/g?password=" + DB_PASSWORD + "\n");
        Path yaml = write("gateway.yml", "api_keys_file: " + keys + "\ndb_url_file: " + db + "\n");
        Path flagKeys = write("flag-keys", "ops:" + KEY_B);

        GatewayConfig fromFile = ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", yaml.toString()));
        GatewayConfig withFlag = ConfigLoader.load(new String[] {"--api-keys-file", flagKeys.toString()},
                Map.of("GATEWAY_CONFIG", yaml.toString()));

        assertThat(fromFile.apiKeys()).extracting(ApiKey::name).containsExactly("orchestrator");
        assertThat(fromFile.dbUrl()).contains("jdbc:postgresql://db/g?password=" + DB_PASSWORD);
        assertThat(fromFile.origin(Settings.DB_URL)).isEqualTo("db_url_file " + db + ", named in " + yaml);
        assertThat(withFlag.apiKeys()).extracting(ApiKey::key).containsExactly(KEY_B);
        assertThat(withFlag.origin(Settings.API_KEYS)).isEqualTo("api_keys_file " + flagKeys + ", flag --api-keys-file");
    }

    @Test
    void aHigherSourceInlineValueBeatsALowerSourceFile() throws IOException {
        Path keys = write("keys", "from-file:" + KEY_A);
        Path yaml = write("gateway.yml", "api_keys_file: " + keys + "\n");

        GatewayConfig config = ConfigLoader.load(new String[0],
                Map.of("GATEWAY_CONFIG", yaml.toString(), "GATEWAY_API_KEYS", "from-env:" + KEY_B));

        assertThat(config.apiKeys()).extracting(ApiKey::name).containsExactly("from-env");
        assertThat(config.origin(Settings.API_KEYS)).isEqualTo("env GATEWAY_API_KEYS");
    }

    @Test
    void aSecretGivenInlineAndAsAFileInOneSourceIsRefusedWithoutItsValue() throws IOException {
        Path keys = write("keys", "a:" + KEY_A);
        Path yaml = write("gateway.yml", "api_keys: b:" + KEY_B + "\napi_keys_file: " + keys + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(new String[0],
                Map.of("GATEWAY_API_KEYS", "b:" + KEY_B, "GATEWAY_API_KEYS_FILE", keys.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("give api_keys or api_keys_file, not both")
                .hasMessageNotContaining(KEY_A).hasMessageNotContaining(KEY_B);
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", yaml.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("give api_keys or api_keys_file, not both")
                .hasMessageNotContaining(KEY_A).hasMessageNotContaining(KEY_B);
    }

    @Test
    void aMissingSecretFileStopsStartUpNamingTheSettingAndPath() {
        Path missing = dir.resolve("no-such-secret");

        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--db-url-file=" + missing}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read db_url_file " + missing + " (from flag --db-url-file): NoSuchFileException");
    }

    @Test
    void anInvalidSecretFromAFileIsReportedWithTheFileAsOriginAndNotRepeated() throws IOException {
        Path keys = write("keys", "short:" + "x".repeat(8));

        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS_FILE", keys.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid value for api_keys (from api_keys_file " + keys
                        + ", env GATEWAY_API_KEYS_FILE): entry 1:");
    }

    @Test
    void describeNamesTheFileAndNeverTheSecret() throws IOException {
        Path keys = write("keys", "ci:" + KEY_A);
        Path db = write("db", "jdbc:postgresql://db/g?password=" + DB_PASSWORD);

        Map<String, String> described = GatewayConfig.of(Map.of("api_keys_file", keys.toString(),
                "db_url_file", db.toString())).describe();

        assertThat(described.get("api_keys")).isEqualTo("*** (api_keys_file " + keys + ", flag --api-keys-file)");
        assertThat(described.get("db_url")).isEqualTo("*** (db_url_file " + db + ", flag --db-url-file)");
        assertThat(described.toString()).doesNotContain(KEY_A).doesNotContain(DB_PASSWORD);
    }

    @Test
    void groupSettingsTakeDottedNamesForEnvironmentAndFlags() {
        Setting issuer = new Setting("jwt.issuer", null, s -> s, false, "x");
        Setting password = new Setting("tls.keystore_password", null, s -> s, true, "x");

        assertThat(issuer.envName()).isEqualTo("GATEWAY_JWT_ISSUER");
        assertThat(issuer.flag()).isEqualTo("--jwt-issuer");
        assertThat(issuer.group()).isEqualTo("jwt");
        assertThat(issuer.fileKey()).isNull();
        assertThat(password.fileKey()).isEqualTo("tls.keystore_password_file");
        assertThat(password.fileEnvName()).isEqualTo("GATEWAY_TLS_KEYSTORE_PASSWORD_FILE");
        assertThat(password.fileFlag()).isEqualTo("--tls-keystore-password-file");
        assertThat(Settings.PORT.group()).isNull();
    }

    @Test
    void printConfigOfARealProcessShowsTheSecretFilesAndNoSecret() throws Exception {
        Path keys = write("keys", "ci:" + KEY_A + "\n");
        Path db = write("db", "jdbc:h2:mem:x;PASSWORD=" + DB_PASSWORD);
        try (ChildGateway printed = ChildGateway.start(Main.class.getName(), Map.of(
                "GATEWAY_API_KEYS_FILE", keys.toString(), "GATEWAY_DATA_DIR", dir.resolve("data").toString()),
                "--print-config", "--db-url-file", db.toString())) {
            assertThat(printed.awaitExit(Duration.ofSeconds(60))).isZero();
            List<String> out = printed.stdout();

            assertThat(out).contains("api_keys = *** (api_keys_file " + keys + ", env GATEWAY_API_KEYS_FILE)",
                    "db_url = *** (db_url_file " + db + ", flag --db-url-file)");
            assertThat(String.join("\n", out) + String.join("\n", printed.stderr()))
                    .doesNotContain(KEY_A).doesNotContain(DB_PASSWORD);
        }
    }
}
