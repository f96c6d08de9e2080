package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.gateway.http.auth.ApiKey;
import dev.tasker.gateway.http.auth.ApiScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every setting from every source, each kind of invalid value, API key forms and hidden secrets. */
class ConfigSourcesTest {

    private static final String KEY_A = "aaaaaaaaaaaaaaaa-secret-A";
    private static final String KEY_B = "bbbbbbbbbbbbbbbb-secret-B";

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, text);
        return file;
    }

    @Nested
    class Precedence {

        @Test
        void defaultsApplyWhenNothingIsGiven() {
            GatewayConfig config = ConfigLoader.load(new String[0], Map.of());

            assertThat(config.port()).isEqualTo(8080);
            assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.logFormat()).isEqualTo("text");
            assertThat(config.apiKeys()).isEmpty();
            assertThat(config.publicPaths()).contains("/health/*", "/metrics", "/openapi.yaml", "/docs");
            assertThat(config.origin(Settings.PORT)).isEqualTo("default");
        }

        @Test
        void fileOverridesDefaultsEnvOverridesFileFlagOverridesEnv() throws IOException {
            Path file = yaml("port: 7001\nstep_timeout: 5s\ndrain_timeout: 11s\nlog_format: json\n");
            Map<String, String> env = Map.of("GATEWAY_CONFIG", file.toString(),
                    "GATEWAY_STEP_TIMEOUT", "6s", "GATEWAY_DRAIN_TIMEOUT", "12s");
            String[] flags = {"--drain-timeout", "13s"};

            GatewayConfig config = ConfigLoader.load(flags, env);

            assertThat(config.port()).isEqualTo(7001);
            assertThat(config.origin(Settings.PORT)).isEqualTo(file.toString());
            assertThat(config.logFormat()).isEqualTo("json");
            assertThat(config.stepTimeout()).isEqualTo(Duration.ofSeconds(6));
            assertThat(config.origin(Settings.STEP_TIMEOUT)).isEqualTo("env GATEWAY_STEP_TIMEOUT");
            assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(13));
            assertThat(config.origin(Settings.DRAIN_TIMEOUT)).isEqualTo("flag --drain-timeout");
            assertThat(config.maxInFlight()).isEqualTo(256);
        }

        @Test
        void configFlagNamesTheFileAndBeatsTheEnvironment() throws IOException {
            Path file = yaml("port: 7002\n");
            GatewayConfig config = ConfigLoader.load(new String[] {"--config=" + file},
                    Map.of("GATEWAY_CONFIG", dir.resolve("missing.yml").toString()));

            assertThat(config.port()).isEqualTo(7002);
        }

        /** Every setting can be given each way: file, environment and flag. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tasker.gateway.server.ConfigSourcesTest#everySetting")
        void everySettingIsSettableFromFileEnvironmentAndFlag(String key) throws IOException {
            Setting setting = Settings.byKey(key).orElseThrow();
            String value = sampleValue(setting);

            GatewayConfig fromFile = ConfigLoader.load(new String[0],
                    Map.of("GATEWAY_CONFIG", yaml(key + ": '" + value + "'\n").toString()));
            GatewayConfig fromEnv = ConfigLoader.load(new String[0], Map.of(setting.envName(), value));
            GatewayConfig fromFlag = ConfigLoader.load(new String[] {setting.flag(), value}, Map.of());

            assertThat(fromFile.origin(setting)).endsWith("gateway.yml");
            assertThat(fromEnv.origin(setting)).isEqualTo("env " + setting.envName());
            assertThat(fromFlag.origin(setting)).isEqualTo("flag " + setting.flag());
            assertThat(fromFile.value(setting)).isEqualTo(fromEnv.value(setting)).isEqualTo(fromFlag.value(setting))
                    .isNotNull();
        }
    }

    static Stream<String> everySetting() {
        return Settings.ALL.stream().map(Setting::key);
    }

    /** A valid value different from the default, derived from the setting's own parser. */
    private static String sampleValue(Setting setting) {
        List<String> candidates = List.of("9091", "45s", "true", "json", "debug", "/x,/y/*", "2MiB",
                "orchestrator:" + KEY_A + ":read+execute", "some-text", "0s", "https://id.example.com/jwks",
                "read=admin", "optional", "off",
                "[{\"name\":\"orchestrator\",\"subject\":\"CN=orchestrator-1,O=Acme\",\"scopes\":[\"read\"]}]");
        for (String candidate : candidates) {
            try {
                Object parsed = setting.parser().apply(candidate);
                if (setting.defaultText() == null || !parsed.equals(setting.parser().apply(setting.defaultText()))) {
                    return candidate;
                }
            } catch (IllegalArgumentException ignored) {
                // not this kind of value
            }
        }
        throw new AssertionError("no sample value fits " + setting.key());
    }

    @Nested
    class InvalidValues {

        static Stream<Arguments> invalid() {
            return Stream.of(
                    Arguments.of("port", "eighty", "expected an integer"),
                    Arguments.of("port", "70000", "between 0 and 65535"),
                    Arguments.of("max_in_flight", "0", "at least 1"),
                    Arguments.of("step_timeout", "soon", "expected a duration"),
                    Arguments.of("drain_timeout", "0s", "positive duration"),
                    Arguments.of("shutdown_delay", "-PT1S", "zero or more"),
                    Arguments.of("max_body_size", "lots", "expected a size"),
                    Arguments.of("step_timeout", "9999999999999999d", "too large"),
                    Arguments.of("step_timeout", "300000000000d", "too large"),
                    Arguments.of("event_retention", "99999999999999999999s", "too large"),
                    Arguments.of("max_body_size", "99999999999GiB", "too large"),
                    Arguments.of("max_body_size", "99999999999999999999", "too large"),
                    Arguments.of("plugins_watch", "maybe", "expected true or false"),
                    Arguments.of("log_format", "xml", "expected one of text, json"),
                    Arguments.of("log_level", "loud", "expected one of trace"),
                    Arguments.of("host", "bad host!", "host name or IP"),
                    Arguments.of("public_paths", "metrics", "absolute paths"),
                    Arguments.of("public_paths", "/health/../v1", "absolute paths"),
                    Arguments.of("api_keys", "ci:short:read", "shorter than 16"),
                    Arguments.of("api_keys", "ci:" + KEY_A + ":read+root", "unknown scope 'root'"),
                    Arguments.of("api_keys", "ci:" + KEY_A + ",ci:" + KEY_B, "two keys are named 'ci'"),
                    Arguments.of("api_keys", "a:" + KEY_A + ",b:" + KEY_A, "repeats the secret"),
                    Arguments.of("api_keys", "bad name:" + KEY_A, "key name 'bad name'"),
                    Arguments.of("api_keys", "a:b:c:d", "expected name:key:scope+scope"));
        }

        @ParameterizedTest(name = "{0}={1} from the environment")
        @MethodSource("invalid")
        void stopsStartUpNamingSettingAndEnvironment(String key, String value, String reason) {
            Setting setting = Settings.byKey(key).orElseThrow();

            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of(setting.envName(), value)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid value for " + key)
                    .hasMessageContaining("env " + setting.envName())
                    .hasMessageContaining(reason);
        }

        @ParameterizedTest(name = "{0}={1} as a flag")
        @MethodSource("invalid")
        void stopsStartUpNamingSettingAndFlag(String key, String value, String reason) {
            Setting setting = Settings.byKey(key).orElseThrow();

            assertThatThrownBy(() -> ConfigLoader.load(new String[] {setting.flag(), value}, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid value for " + key)
                    .hasMessageContaining("flag " + setting.flag())
                    .hasMessageContaining(reason);
        }

        @Test
        void invalidFileValueNamesTheFile() throws IOException {
            Path file = yaml("drain_timeout: forever\n");

            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid value for drain_timeout (from " + file + ")");
        }

        @Test
        void unknownFileKeyStopsStartUp() throws IOException {
            Path file = yaml("port: 8080\ndrain_timout: 5s\n");

            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("unknown key 'drain_timout'")
                    .hasMessageContaining(file.toString());
        }

        @Test
        void unknownFlagAndFlagWithoutValueStopStartUp() {
            assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--drain", "5s"}, Map.of()))
                    .hasMessageContaining("unknown command-line flag --drain");
            assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--port"}, Map.of()))
                    .hasMessageContaining("flag --port needs a value");
        }

        @Test
        void unknownGatewayVariablesAreListedByNameAndDoNotStopStartUp() {
            Map<String, String> env = Map.of("GATEWAY_PROT", "9000", "GATEWAY_API_KEY", KEY_A, "GATEWAY_PORT", "9001",
                    "GATEWAY_CONFIG", "", "GATEWAYS", "x", "PATH", "/bin");

            GatewayConfig config = ConfigLoader.load(new String[0], env);

            assertThat(config.port()).isEqualTo(9001);
            assertThat(config.unknownVariables()).containsExactly("GATEWAY_API_KEY", "GATEWAY_PROT");
        }

        @Test
        void unreadableFileStopsStartUp() {
            assertThatThrownBy(() -> ConfigLoader.load(new String[0],
                    Map.of("GATEWAY_CONFIG", dir.resolve("absent.yml").toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot read config file");
        }

        @Test
        void errorsAboutKeysNeverRepeatTheKey() {
            String key = "short-secret-x";
            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS", "ci:" + key)))
                    .hasMessageNotContaining(key);
        }
    }

    @Nested
    class ApiKeysSetting {

        @Test
        void compactFormFromTheEnvironmentGivesNamesAndScopes() {
            GatewayConfig config = ConfigLoader.load(new String[0],
                    Map.of("GATEWAY_API_KEYS", "orchestrator:" + KEY_A + ":read+execute, ops:" + KEY_B));

            assertThat(config.apiKeys()).containsExactly(
                    new ApiKey("orchestrator", KEY_A, EnumSet.of(ApiScope.READ, ApiScope.EXECUTE)),
                    new ApiKey("ops", KEY_B, EnumSet.allOf(ApiScope.class)));
        }

        @Test
        void bareKeysAreNamedByPositionWithEveryScope() {
            GatewayConfig config = ConfigLoader.load(new String[] {"--api-keys", KEY_A + "," + KEY_B}, Map.of());

            assertThat(config.apiKeys()).extracting(ApiKey::name).containsExactly("key-1", "key-2");
            assertThat(config.apiKeys().get(0).scopes()).containsExactlyInAnyOrder(ApiScope.values());
        }

        @Test
        void structuredListFromTheFile() throws IOException {
            Path file = yaml("""
                    api_keys:
                      - name: orchestrator
                        key: %s
                        scopes: [read, execute]
                      - name: ops
                        key: %s
                        scopes: [admin]
                    """.formatted(KEY_A, KEY_B));

            GatewayConfig config = ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString()));

            assertThat(config.apiKeys()).containsExactly(
                    new ApiKey("orchestrator", KEY_A, EnumSet.of(ApiScope.READ, ApiScope.EXECUTE)),
                    new ApiKey("ops", KEY_B, EnumSet.of(ApiScope.ADMIN)));
        }

        @Test
        void structuredListWithAnUnknownFieldStopsStartUp() throws IOException {
            Path file = yaml("api_keys:\n  - {name: ci, key: " + KEY_A + ", scope: [read]}\n");

            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString())))
                    .hasMessageContaining("invalid value for api_keys (from " + file + ")")
                    .hasMessageContaining("unknown field 'scope'");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                KEY_A + ":read", // key:scope, the natural slip for name:key:scope
                KEY_A + ":read+execute",
                "short-secret-x:admin", // refused as a scope slip even when too short to be a key
                KEY_A + ":orchestrator-ci:read", // key and name swapped: the key part would have been valid
                KEY_A + ":ci", // key and name swapped, two parts
                "ci:read:" + KEY_A, // scopes and key swapped
                "[{\"name\": \"" + KEY_A + "\", \"key\": \"" + KEY_B + "\"}]"})
        void aSecretNeverBecomesANameAndIsNeverRepeated(String entry) {
            String secret = entry.startsWith("short") ? "short-secret-x" : KEY_A;

            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS", entry)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid value for api_keys (from env GATEWAY_API_KEYS): entry 1")
                    .hasMessageNotContaining(secret)
                    .hasMessageNotContaining(KEY_B)
                    .hasMessageNotContaining("orchestrator-ci");
        }

        @Test
        void aNameIsShorterThanAnyKey() {
            String longest = "n".repeat(ApiKey.MAX_NAME_LENGTH);
            GatewayConfig config = ConfigLoader.load(new String[0],
                    Map.of("GATEWAY_API_KEYS", longest + ":" + KEY_A + ",n:" + "k".repeat(ApiKey.MIN_KEY_LENGTH)));

            assertThat(config.apiKeys()).extracting(ApiKey::name).containsExactly(longest, "n");
            assertThat(ApiKey.MAX_NAME_LENGTH).isLessThan(ApiKey.MIN_KEY_LENGTH);
            String keyLong = "n".repeat(ApiKey.MIN_KEY_LENGTH);
            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS", keyLong + ":" + KEY_A)))
                    .hasMessageContaining("entry 1: a key name (not repeated: it is as long as a key) must be 1-15")
                    .hasMessageNotContaining(keyLong);
        }

        @Test
        void partsTooShortToBeKeysAreStillNamedInErrors() {
            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS", "ci:" + KEY_A + ":reed")))
                    .hasMessageContaining("entry 1: unknown scope 'reed'");
            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_API_KEYS", "c i:" + KEY_A)))
                    .hasMessageContaining("entry 1: key name 'c i' must be 1-15");
        }

        @Test
        void environmentReplacesTheFileKeys() throws IOException {
            Path file = yaml("api_keys:\n  - {name: from-file, key: " + KEY_A + ", scopes: [read]}\n");
            Map<String, String> env = new HashMap<>();
            env.put("GATEWAY_CONFIG", file.toString());
            env.put("GATEWAY_API_KEYS", "from-env:" + KEY_B + ":admin");

            GatewayConfig config = ConfigLoader.load(new String[0], env);

            assertThat(config.apiKeys()).extracting(ApiKey::name).containsExactly("from-env");
        }
    }

    @Nested
    class GroupedSettings {

        @Test
        void aDottedSettingHasItsEnvironmentVariableAndFlag() {
            assertThat(Settings.TLS_CERT_FILE.envName()).isEqualTo("GATEWAY_TLS_CERT_FILE");
            assertThat(Settings.TLS_CERT_FILE.flag()).isEqualTo("--tls-cert-file");
            assertThat(Settings.TLS_KEYSTORE_PASSWORD_FILE.envName()).isEqualTo("GATEWAY_TLS_KEYSTORE_PASSWORD_FILE");
            assertThat(Settings.groups()).contains("tls");
        }

        @Test
        void aYamlGroupMappingIsReadAndTheEnvironmentAndFlagsOverrideItsMembers() throws IOException {
            Path file = yaml("""
                    port: 8443
                    http_port: 8081
                    tls:
                      cert_file: /etc/tls/from-file.crt
                      key_file: /etc/tls/from-file.key
                    """);
            Map<String, String> env = Map.of("GATEWAY_CONFIG", file.toString(),
                    "GATEWAY_TLS_CERT_FILE", "/etc/tls/from-env.crt");

            GatewayConfig config = ConfigLoader.load(new String[] {"--tls-key-file", "/etc/tls/from-flag.key"}, env);

            assertThat(config.tlsOn()).isTrue();
            assertThat(config.httpPort()).hasValue(8081);
            assertThat(config.file(Settings.TLS_CERT_FILE)).hasValue(Path.of("/etc/tls/from-env.crt"));
            assertThat(config.origin(Settings.TLS_CERT_FILE)).isEqualTo("env GATEWAY_TLS_CERT_FILE");
            assertThat(config.file(Settings.TLS_KEY_FILE)).hasValue(Path.of("/etc/tls/from-flag.key"));
            assertThat(config.origin(Settings.TLS_KEY_FILE)).isEqualTo("flag --tls-key-file");
            assertThat(config.httpPaths()).containsExactly("/health", "/health/*");
        }

        @Test
        void anUnknownMemberOfAGroupStopsStartUpNamingItsFullKey() throws IOException {
            Path file = yaml("tls:\n  cert_fle: /etc/tls/tls.crt\n");

            assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("unknown key 'tls.cert_fle'")
                    .hasMessageContaining(file.toString());
        }

        @Test
        void tlsIsOffByDefaultAndPrintConfigListsTheGroupMembers() throws IOException {
            GatewayConfig defaults = ConfigLoader.load(new String[0], Map.of());
            Path file = yaml("tls:\n  keystore_file: /etc/tls/gateway.p12\n  keystore_password_file: /run/secrets/p12\n");
            GatewayConfig fromFile = ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString()));

            assertThat(defaults.tlsOn()).isFalse();
            assertThat(defaults.httpPort()).isEmpty();
            assertThat(fromFile.tlsOn()).isTrue();
            assertThat(fromFile.describe()).containsEntry("tls.keystore_file", "/etc/tls/gateway.p12 (" + file + ")")
                    .containsEntry("tls.keystore_password_file", "/run/secrets/p12 (" + file + ")")
                    .containsEntry("tls.cert_file", " (default)")
                    .containsEntry("http_paths", "[/health, /health/*] (default)");
        }
    }

    @Nested
    class ClientCertificates {

        @Test
        void clientCertsFromAYamlListAndTheSameListAsJsonFromTheEnvironment() throws IOException {
            Path file = yaml("""
                    tls:
                      client_auth: required
                      client_ca_file: /etc/tls/clients-ca.pem
                    client_certs:
                      - name: orchestrator
                        subject: CN=orchestrator-1,O=Acme
                        scopes: [read, execute]
                      - name: mesh
                        subject: san:worker.mesh.internal
                    """);
            GatewayConfig fromFile = ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString()));
            GatewayConfig fromEnv = ConfigLoader.load(new String[0], Map.of("GATEWAY_CLIENT_CERTS",
                    "[{\"name\":\"ci\",\"subject\":\"CN=ci,O=Acme\",\"scopes\":\"read\"}]"));

            assertThat(fromFile.tlsClientAuth()).isEqualTo("required");
            assertThat(fromFile.clientCerts()).extracting(c -> c.name() + " " + c.subject() + " " + c.scopes())
                    .containsExactly("orchestrator CN=orchestrator-1,O=Acme [READ, EXECUTE]",
                            "mesh san:worker.mesh.internal [READ, EXECUTE, ADMIN]");
            assertThat(fromEnv.clientCerts()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("ci"));
            assertThat(ConfigLoader.load(new String[0], Map.of()).tlsClientAuth()).isEqualTo("none");
            assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--tls-client-auth", "sometimes"}, Map.of()))
                    .hasMessageContaining("invalid value for tls.client_auth (from flag --tls-client-auth): expected"
                            + " one of none, optional, required");
        }
    }

    @Nested
    class PrintConfig {

        @Test
        void describeHidesSecretsAndNamesOrigins() {
            GatewayConfig config = ConfigLoader.load(new String[] {"--db-url", "jdbc:postgresql://db/g?password=hunter2"},
                    Map.of("GATEWAY_API_KEYS", "ci:" + KEY_A));

            Map<String, String> described = config.describe();

            assertThat(described.get("api_keys")).isEqualTo("*** (env GATEWAY_API_KEYS)");
            assertThat(described.get("db_url")).isEqualTo("*** (flag --db-url)");
            assertThat(described.get("drain_timeout")).isEqualTo("PT30S (default)");
            assertThat(described.toString()).doesNotContain(KEY_A).doesNotContain("hunter2");
            assertThat(described.keySet()).containsExactlyElementsOf(Settings.ALL.stream().map(Setting::key).toList());
        }

        @Test
        void describeRefusesAnInvalidWebhooksSectionAsStartUpWould() throws IOException {
            Path file = yaml("webhooks:\n  endpoints:\n    - {name: orders, url: ftp://x.example.com, secret: whsec_x}\n");
            GatewayConfig config = ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString()));

            assertThatThrownBy(config::describe).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid value for webhooks.endpoints[0].url (endpoint 'orders', from "
                            + file + ")");
        }

        @Test
        void anApiKeyNeverPrintsItsSecret() {
            ApiKey key = new ApiKey("ci", KEY_A, EnumSet.of(ApiScope.READ));

            assertThat(key.toString()).contains("ci").contains("read").doesNotContain(KEY_A);
        }
    }
}
