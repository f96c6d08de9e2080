package dev.tasker.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.server.GatewayConfig;
import dev.tasker.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real gateway (the production ResourceConfig on Grizzly, port 0) with a temporary data and plugins
 * folder, plus a small HTTP client for tests. Close it after use.
 */
public final class TestGateway implements AutoCloseable {

    public static final ObjectMapper JSON = WireJson.newObjectMapper();

    private final GatewayServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path home;

    private TestGateway(GatewayServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    public static TestGateway start(StepHandler... extraHandlers) {
        return start(Map.of(), extraHandlers);
    }

    /** @param settings YAML keys to values, applied as flags over the defaults */
    public static TestGateway start(Map<String, String> settings, StepHandler... extraHandlers) {
        try {
            Path home = Files.createTempDirectory("gateway-test");
            Map<String, String> all = new HashMap<>();
            all.put("host", "127.0.0.1");
            all.put("port", "0");
            all.put("data_dir", home.resolve("data").toString());
            all.put("plugins_dir", home.resolve("plugins").toString());
            all.putAll(settings);
            return new TestGateway(GatewayServer.start(GatewayConfig.of(all), List.of(extraHandlers)), home);
        } catch (Exception e) {
            throw new IllegalStateException("test gateway did not start: " + e.getMessage(), e);
        }
    }

    public GatewayServer server() {
        return server;
    }

    public Path home() {
        return home;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> head(String path) {
        return send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> postJson(String path, Object body) {
        try {
            return postJson(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
