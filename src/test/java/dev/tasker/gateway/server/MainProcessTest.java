package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@link Main} in a child JVM, as a user starts it. */
class MainProcessTest {

    private static final Pattern STARTED = Pattern.compile(
            "listening on (http://\\S+/) with (\\d+) handlers? \\(started in (\\d+) ms\\)");

    @TempDir
    Path home;

    private ProcessBuilder gateway(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(env);
        return builder;
    }

    private static Finished run(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits").isTrue();
        return new Finished(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    record Finished(int exitCode, String stdout, String stderr) {
    }

    @Test
    void aPortFlagThatIsNoNumberStopsStartUpNamingTheSettingAndTheFlag() throws Exception {
        Finished finished = run(gateway(Map.of(), "--port", "abc"));

        assertThat(finished.exitCode()).isNotZero();
        assertThat(finished.stderr()).contains("port", "flag --port", "abc");
        assertThat(finished.stdout()).doesNotContain("listening on");
    }

    @Test
    void aPortVariableOutOfRangeStopsStartUpNamingTheSettingAndTheVariable() throws Exception {
        Finished finished = run(gateway(Map.of("GATEWAY_PORT", "99999")));

        assertThat(finished.exitCode()).isNotZero();
        assertThat(finished.stderr()).contains("port", "GATEWAY_PORT", "99999");
        assertThat(finished.stdout()).doesNotContain("listening on");
    }

    @Test
    void anUnknownKeyInTheConfigFileStopsStartUpNamingTheKeyAndTheFile() throws Exception {
        Path file = Files.writeString(home.resolve("gateway.yaml"), "port: 0\nprot: 8081\n");

        Finished finished = run(gateway(Map.of("GATEWAY_CONFIG", file.toString())));

        assertThat(finished.exitCode()).isNotZero();
        assertThat(finished.stderr()).contains("prot", "gateway.yaml");
    }

    @Test
    void startsOnAFreePortWithOneStartUpLineAndAnswersLiveness() throws Exception {
        Process process = gateway(Map.of("GATEWAY_DATA_DIR", home.resolve("data").toString(),
                "GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString()), "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            awaitStartUpLine(process, lines);
            List<String> startLines = lines.stream().filter(line -> STARTED.matcher(line).find()).toList();
            assertThat(startLines).as("exactly one start-up line").hasSize(1);
            Matcher m = STARTED.matcher(startLines.get(0));
            assertThat(m.find()).isTrue();
            URI base = URI.create(m.group(1));
            assertThat(base.getPort()).isPositive();
            assertThat(Integer.parseInt(m.group(2))).isPositive();

            HttpResponse<String> live = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"status\":\"up\"");
        } finally {
            stop(process);
        }
        assertThat(lines).as("no stack trace while running").noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void unknownGatewayVariablesAreNamedInOneWarningWithoutTheirValues() throws Exception {
        String value = "typo-value-1f3e9a7c2b";
        Process process = gateway(Map.of("GATEWAY_DATA_DIR", home.resolve("data").toString(),
                "GATEWAY_PLUGINS_DIR", home.resolve("plugins").toString(),
                "GATEWAY_PROT", "9000" + value, "GATEWAY_API_KEY", value), "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            awaitStartUpLine(process, lines);
        } finally {
            stop(process);
        }

        assertThat(lines).filteredOn(line -> line.contains("GATEWAY_PROT")).singleElement().asString()
                .contains(" WARN ", "GATEWAY_API_KEY, GATEWAY_PROT");
        assertThat(lines).noneMatch(line -> line.contains(value));
    }

    private static void awaitStartUpLine(Process process, List<String> lines) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> readLines(process, lines, started), "gateway-output");
        reader.setDaemon(true);
        reader.start();
        assertThat(started.await(60, TimeUnit.SECONDS)).as("start-up line in %s", lines).isTrue();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void readLines(Process process, List<String> lines, CountDownLatch started) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (STARTED.matcher(line).find()) {
                    started.countDown();
                }
            }
        } catch (IOException e) {
            lines.add("(output closed: " + e + ")");
        }
    }
}
