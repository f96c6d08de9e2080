package dev.tasker.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.server.ConfigLoader;
import dev.tasker.gateway.server.GatewayConfig;
import dev.tasker.gateway.server.Setting;
import dev.tasker.gateway.server.Settings;
import dev.tasker.gateway.server.Values;
import dev.tasker.gateway.webhook.WebhookConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Dockerfile, docker-compose.yml and the example config, checked without a Docker engine. */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Set<String> ENV_NAMES = Settings.ALL.stream().map(Setting::envName)
            .collect(Collectors.toUnmodifiableSet());

    @Test
    void composeFilePassesDockerComposeConfig() throws Exception {
        Path compose = ROOT.resolve("docker-compose.yml");
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", compose.toString(), "config", "--quiet")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            fail("docker-compose is not installed: run .ci/run (it installs Debian's docker-compose) or"
                    + " apt-get install docker-compose (" + e.getMessage() + ")");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose config said:\n" + output).isZero();
    }

    @Test
    void composeHasGatewayOnPostgresWithHealthCheckAndAWebhookReceiver() throws IOException {
        JsonNode services = yaml("docker-compose.yml").path("services");

        assertThat(services.has("gateway")).isTrue();
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(services.path("postgres").path("healthcheck").path("test").toString()).contains("pg_isready");
        assertThat(services.path("gateway").path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("gateway").path("environment").path("GATEWAY_DB_URL").asText())
                .startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(services.has("webhook-receiver")).isTrue();
        assertThat(Files.readString(ROOT.resolve("config/gateway.yml"))).contains("http://webhook-receiver:9000/");
    }

    @Test
    void everyGatewayVariableTheDeploymentSetsIsARealSetting() throws IOException {
        List<String> names = new ArrayList<>();
        yaml("docker-compose.yml").path("services").forEach(service -> {
            JsonNode environment = service.path("environment");
            if (environment.isObject()) {
                environment.fieldNames().forEachRemaining(names::add);
            } else if (environment.isArray()) {
                environment.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
            }
        });
        Matcher env = Pattern.compile("\\b(GATEWAY_[A-Z0-9_]+)=").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        while (env.find()) {
            names.add(env.group(1));
        }

        List<String> gatewayNames = names.stream().filter(n -> n.startsWith("GATEWAY_")).toList();
        assertThat(gatewayNames).isNotEmpty();
        assertThat(gatewayNames).allSatisfy(name -> assertThat(name.equals("GATEWAY_CONFIG") || ENV_NAMES.contains(name))
                .as("%s is a setting (Settings.ALL) or GATEWAY_CONFIG", name).isTrue());
    }

    @Test
    void composeEnvironmentAndExampleConfigAreAValidConfiguration() throws IOException {
        JsonNode environment = yaml("docker-compose.yml").path("services").path("gateway").path("environment");
        Map<String, String> env = new java.util.HashMap<>();
        environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.put("GATEWAY_CONFIG", ROOT.resolve("config/gateway.yml").toString());

        GatewayConfig config = ConfigLoader.load(new String[0], env);

        assertThat(config.apiKeys()).isNotEmpty();
        assertThat(config.logFormat()).isEqualTo("json");
        WebhookConfig webhooks = WebhookConfig.parse(config.section("webhooks"), Values::duration);
        assertThat(webhooks.endpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.url().toString()).startsWith("http://webhook-receiver:9000/");
            assertThat(endpoint.allowPrivateNetwork()).isTrue();
        });
    }

    @Test
    void composeTlsProfileServesHttpsWithAPlainHealthPortItsHealthCheckUses() throws IOException {
        JsonNode service = yaml("docker-compose.yml").path("services").path("gateway-tls");
        Map<String, String> env = new java.util.HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.put("GATEWAY_CONFIG", ROOT.resolve("config/gateway.yml").toString());

        GatewayConfig config = ConfigLoader.load(new String[0], env);

        assertThat(service.path("profiles").toString()).contains("tls");
        assertThat(config.tlsOn()).isTrue();
        assertThat(config.file(Settings.TLS_CERT_FILE).orElseThrow().toString()).startsWith("/tls/");
        assertThat(service.path("volumes").toString()).contains("./tls:/tls:ro");
        int plain = config.httpPort().orElseThrow();
        String check = service.path("healthcheck").path("test").toString();
        assertThat(check).contains("http://127.0.0.1:" + plain + "/health/live");
        assertThat(new dev.tasker.gateway.http.auth.PublicPaths(config.httpPaths()).matches("/health/live")).isTrue();
        assertThat(service.path("ports").toString()).contains(config.port() + ":" + config.port())
                .contains(plain + ":" + plain);
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsOnJre21AsNonRootWithHealthCheckAndVolumes() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        String text = String.join("\n", lines);

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).contains("maven").contains(" AS build");
        assertThat(stages.get(1)).contains("21-jre");
        assertThat(text).contains("mvn -B -ntp -q package");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertThat(user).isNotIn("USER root", "USER 0");
        assertThat(text).containsPattern("HEALTHCHECK[^\\n]*\\\\\\n\\s+CMD curl -fsS http://127.0.0.1:8080/health/live");
        assertThat(text).contains("VOLUME [\"/app/plugins\", \"/app/data\"]");
        assertThat(text).contains("ENTRYPOINT [\"java\"");
    }

    private static JsonNode yaml(String file) throws IOException {
        return new YAMLMapper().readTree(ROOT.resolve(file).toFile());
    }
}
