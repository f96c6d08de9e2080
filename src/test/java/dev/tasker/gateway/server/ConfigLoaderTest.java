package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence defaults &lt; YAML file &lt; environment &lt; flags, and the messages of invalid input. */
class ConfigLoaderTest {

    @TempDir
    Path home;

    private Path yaml(String text) throws IOException {
        return Files.writeString(home.resolve("gateway.yaml"), text);
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        GatewayConfig config = ConfigLoader.load(new String[0], Map.of());

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.stepTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.requiredHandlers()).isEmpty();
        assertThat(config.origin(Settings.PORT)).isEqualTo("default");
    }

    @Test
    void theFileOverridesDefaults() throws IOException {
        Path file = yaml("port: 9001\nstep_timeout: 5s\nrequired_handlers: [echo, payments]\n");

        GatewayConfig config = ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString()));

        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.stepTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requiredHandlers()).containsExactly("echo", "payments");
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.origin(Settings.PORT)).isEqualTo(file.toString());
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
        Path file = yaml("port: 9001\nstep_timeout: 5s\n");

        GatewayConfig config = ConfigLoader.load(new String[0],
                Map.of("GATEWAY_CONFIG", file.toString(), "GATEWAY_PORT", "9002"));

        assertThat(config.port()).isEqualTo(9002);
        assertThat(config.origin(Settings.PORT)).isEqualTo("env GATEWAY_PORT");
        assertThat(config.stepTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void flagsOverrideTheEnvironmentInBothSpellings() throws IOException {
        Path file = yaml("port: 9001\nhost: 10.0.0.1\nmax_in_flight: 3\n");
        Map<String, String> env = Map.of("GATEWAY_CONFIG", file.toString(), "GATEWAY_PORT", "9002",
                "GATEWAY_HOST", "10.0.0.2");

        GatewayConfig config = ConfigLoader.load(new String[] {"--port", "9003", "--host=127.0.0.1"}, env);

        assertThat(config.port()).isEqualTo(9003);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.maxInFlight()).isEqualTo(3);
        assertThat(config.origin(Settings.PORT)).isEqualTo("flag --port");
    }

    @Test
    void theConfigFlagNamesTheFile() throws IOException {
        Path file = yaml("port: 9004\n");

        GatewayConfig config = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());

        assertThat(config.port()).isEqualTo(9004);
    }

    @Test
    void anUnknownYamlKeyStopsLoadingNamingKeyAndFile() throws IOException {
        Path file = yaml("port: 9001\nstep_timout: 5s\n");

        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("step_timout")
                .hasMessageContaining(file.toString());
    }

    @Test
    void anInvalidValueNamesTheSettingAndWhereItCameFrom() throws IOException {
        Path file = yaml("max_in_flight: 0\n");

        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_in_flight")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_STEP_TIMEOUT", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("step_timeout")
                .hasMessageContaining("GATEWAY_STEP_TIMEOUT");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--port", "-1"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port").hasMessageContaining("--port");
    }

    @Test
    void unknownFlagsAndFlagsWithoutValueAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--prot", "1"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--prot");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--port"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"8080"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("8080");
    }

    @Test
    void aMissingOrNonMappingFileIsAnError() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(new String[0],
                Map.of("GATEWAY_CONFIG", home.resolve("absent.yaml").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("absent.yaml");
        Path list = yaml("- port\n- 8080\n");
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("GATEWAY_CONFIG", list.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mapping");
    }

    @Test
    void sizesAndDurationsAcceptTheirUnits() {
        GatewayConfig config = ConfigLoader.load(
                new String[] {"--max-body-size", "512KiB", "--step-timeout", "1500ms"}, Map.of());

        assertThat(config.maxBodySize()).isEqualTo(512L * 1024);
        assertThat(config.stepTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(Values.list(" a, ,b ,")).isEqualTo(List.of("a", "b"));
    }
}
