package dev.tasker.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as a user runs it: a child JVM running {@code Main} with the test class path, configured by
 * environment variables and a YAML file, on a free port read from its start-up log line. Output goes to a
 * log file beside the data folder.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^:]+:(\\d+)/");

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param env {@code GATEWAY_*} variables; host and port default to 127.0.0.1 and 0
     */
    public static GatewayProcess start(Map<String, String> env, Path log) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath,
                "dev.tasker.gateway.server.Main"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("GATEWAY_HOST", "127.0.0.1");
        builder.environment().put("GATEWAY_PORT", "0");
        builder.environment().putAll(env);
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Process process = builder.start();
            return new GatewayProcess(process, log, awaitPort(process, log, offset));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gateway process", e);
        }
    }

    private static int awaitPort(Process process, Path log, long offset) throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                byte[] bytes = Files.readAllBytes(log);
                String text = new String(bytes, (int) Math.min(offset, bytes.length), (int) (bytes.length - Math.min(offset, bytes.length)));
                Matcher m = LISTENING.matcher(text);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway process exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("gateway process did not start in 60 s:\n" + Files.readString(log));
    }

    /** The bound port (HTTPS when the gateway has TLS on). */
    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, then SIGKILL if it does not stop in 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
