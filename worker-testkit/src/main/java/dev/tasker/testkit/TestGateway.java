package dev.tasker.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.plugin.PluginFailure;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A real gateway in this JVM, for end-to-end tests: the production server (Jersey on Grizzly, the embedded
 * store, auth, metrics) on 127.0.0.1 and a free port, with a temporary data folder, the built-in examples,
 * and the handlers and plugin jars given here.
 *
 * <pre>{@code
 * try (TestGateway gateway = TestGateway.withHandlers(new GreetingHandler()).start()) {
 *     StepExecutionResult result = gateway.execute(Steps.forHandler("greeting").context("name", "Ada"));
 *     assertThatResult(result).isSuccess();
 * }
 * }</pre>
 *
 * <p>Thread-safe once started. {@link #close()} stops the gateway and deletes its folder.
 */
public final class TestGateway implements AutoCloseable {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private final GatewayServer server;
    private final Path home;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(GatewayServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    /** A gateway that registers these handlers beside the built-in examples (as built-ins). */
    public static Builder withHandlers(StepHandler... handlers) {
        return new Builder().handlers(handlers);
    }

    /** A gateway that loads these plugin jars from its plugins folder, as a deployed gateway would. */
    public static Builder withPluginJars(Path... jars) {
        return new Builder().pluginJars(jars);
    }

    /** How the gateway is set up before {@link Builder#start()}. Not thread-safe. */
    public static final class Builder {

        private final List<StepHandler> handlers = new ArrayList<>();
        private final List<Path> jars = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder handlers(StepHandler... more) {
            for (StepHandler handler : more) {
                handlers.add(Objects.requireNonNull(handler, "handler"));
            }
            return this;
        }

        public Builder pluginJars(Path... more) {
            for (Path jar : more) {
                jars.add(Objects.requireNonNull(jar, "jar"));
            }
            return this;
        }

        /**
         * A setting by its YAML key, as a {@code --flag} would give it ({@code setting("step_timeout", "2s")},
         * {@code setting("api_keys", "...")}); see docs/configuration.md.
         */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Starts the gateway and returns once it listens.
         *
         * @throws IllegalStateException when it does not start, or when a given plugin jar (or a class in it)
         *                               did not load: the message names each failure and its cause
         */
        public TestGateway start() {
            Path home;
            try {
                home = Files.createTempDirectory("tasker-testkit-gateway");
                Path plugins = Files.createDirectories(home.resolve("plugins"));
                for (Path jar : jars) {
                    Files.copy(jar, plugins.resolve(jar.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the test gateway's folder", e);
            }
            Map<String, String> all = new LinkedHashMap<>();
            all.put("host", "127.0.0.1");
            all.put("port", "0");
            all.put("data_dir", home.resolve("data").toString());
            all.put("plugins_dir", home.resolve("plugins").toString());
            all.putAll(settings);
            GatewayServer server;
            try {
                server = GatewayServer.start(GatewayConfig.of(all), List.copyOf(handlers));
            } catch (Exception e) {
                deleteQuietly(home);
                throw new IllegalStateException("the test gateway did not start: " + e.getMessage(), e);
            }
            TestGateway gateway = new TestGateway(server, home);
            List<PluginFailure> failures = server.application().plugins().snapshot().failures();
            if (!failures.isEmpty()) {
                gateway.close();
                throw new IllegalStateException("plugin jars did not load: " + failures);
            }
            return gateway;
        }
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    /** The absolute URI of a path such as {@code /v1/handlers}. */
    public URI uri(String path) {
        return baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The running server, for what this class does not offer. */
    public GatewayServer server() {
        return server;
    }

    /**
     * Posts the step to {@code POST /v1/steps} over HTTP and reads the 200 answer.
     *
     * @throws AssertionError when the gateway answers anything but a 200 (a problem for a step it refused:
     *                        the message holds the status and the body)
     */
    public StepExecutionResult execute(TaskSequenceStep step) {
        HttpResponse<String> response = post("/v1/steps", write(step));
        if (response.statusCode() != 200) {
            throw new AssertionError("POST /v1/steps answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readValue(response.body(), StepExecutionResult.class);
        } catch (IOException e) {
            throw new AssertionError("POST /v1/steps answered a body that is not a result: " + response.body(), e);
        }
    }

    /** Posts the step the builder builds; see {@link #execute(TaskSequenceStep)}. */
    public StepExecutionResult execute(StepBuilder step) {
        return execute(step.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** Posts a JSON body. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.uri(), e);
        }
    }

    /** Stops the gateway (requests in flight finish first) and deletes its folder. Idempotent. */
    @Override
    public void close() {
        server.close();
        deleteQuietly(home);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
