package dev.tasker.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tasker.gateway.http.auth.ApiKey;
import dev.tasker.gateway.http.auth.ClientCert;
import dev.tasker.gateway.http.auth.ApiScope;
import dev.tasker.gateway.http.auth.JwtSettings;
import dev.tasker.gateway.webhook.InvalidWebhookConfigException;
import dev.tasker.gateway.webhook.WebhookConfig;
import dev.tasker.gateway.webhook.WebhookEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's configuration: read once at start-up by {@link ConfigLoader}, immutable afterwards.
 * Each value remembers the source it came from ({@code default}, the YAML file, {@code env} or
 * {@code flag}) so messages can name it.
 */
public final class GatewayConfig {

    /** The YAML section of the webhook endpoints; its origin is recorded under this key. */
    static final String WEBHOOKS = "webhooks";

    private final Map<String, Object> values;
    private final Map<String, String> origins;
    private final Map<String, JsonNode> sections;
    private final List<String> unknownVariables;

    GatewayConfig(Map<String, Object> values, Map<String, String> origins, Map<String, JsonNode> sections,
                  List<String> unknownVariables) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        this.unknownVariables = List.copyOf(unknownVariables);
    }

    /** The defaults alone, as if no file, environment or flag were given. */
    public static GatewayConfig defaults() {
        return ConfigLoader.load(new String[0], Map.of());
    }

    /**
     * The defaults with some settings replaced (by key: {@code port}, {@code jwt.issuer}, {@code api_keys_file}),
     * as if given as flags. For tests and embedding.
     */
    public static GatewayConfig of(Map<String, String> overrides) {
        String[] args = overrides.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(Setting.flag(e.getKey()), e.getValue()))
                .toArray(String[]::new);
        return ConfigLoader.load(args, Map.of());
    }

    public Object value(Setting setting) {
        return values.get(setting.key());
    }

    /** Where a setting's value came from: {@code default}, a file path, {@code env} or {@code flag}. */
    public String origin(Setting setting) {
        return origins.getOrDefault(setting.key(), "default");
    }

    /**
     * The {@code GATEWAY_*} environment variables that name no setting ({@code GATEWAY_PROT}), sorted; only
     * the names, never the values. Start-up warns about them rather than failing.
     */
    public List<String> unknownVariables() {
        return unknownVariables;
    }

    /** A structured section of the YAML file ({@code webhooks}, ...), or a missing node. */
    public JsonNode section(String name) {
        return sections.getOrDefault(name, MissingNode.getInstance());
    }

    public String host() {
        return (String) value(Settings.HOST);
    }

    public int port() {
        return (Integer) value(Settings.PORT);
    }

    public Path pluginsDir() {
        return Path.of((String) value(Settings.PLUGINS_DIR));
    }

    public boolean pluginsWatch() {
        return (Boolean) value(Settings.PLUGINS_WATCH);
    }

    /** Whether a step's callable may name a plugin's StepHandler class, instantiated by name. */
    public boolean classLookupResolver() {
        return (Boolean) value(Settings.CLASS_LOOKUP_RESOLVER);
    }

    public Path dataDir() {
        return Path.of((String) value(Settings.DATA_DIR));
    }

    public Optional<String> dbUrl() {
        return Optional.ofNullable((String) value(Settings.DB_URL));
    }

    /** The configured API keys; empty when authentication is off. */
    @SuppressWarnings("unchecked")
    public List<ApiKey> apiKeys() {
        Object keys = value(Settings.API_KEYS);
        return keys == null ? List.of() : (List<ApiKey>) keys;
    }

    /**
     * What bearer JWTs must be; empty when neither {@code jwt.jwks_url} nor {@code jwt.public_key_files} is set.
     *
     * @throws ConfigException when JWT is on without {@code jwt.issuer} or {@code jwt.audience}
     */
    @SuppressWarnings("unchecked")
    public Optional<JwtSettings> jwt() {
        URI jwksUrl = (URI) value(Settings.JWT_JWKS_URL);
        List<Path> files = ((List<String>) value(Settings.JWT_PUBLIC_KEY_FILES)).stream().map(Path::of).toList();
        if (jwksUrl == null && files.isEmpty()) {
            return Optional.empty();
        }
        for (Setting required : List.of(Settings.JWT_ISSUER, Settings.JWT_AUDIENCE)) {
            String text = (String) value(required);
            if (text == null || text.isBlank()) {
                throw new ConfigException(required.key() + " is required when JWT bearer tokens are on ("
                        + (jwksUrl != null ? Settings.JWT_JWKS_URL.key() + " from " + origin(Settings.JWT_JWKS_URL)
                        : Settings.JWT_PUBLIC_KEY_FILES.key() + " from " + origin(Settings.JWT_PUBLIC_KEY_FILES))
                        + ")");
            }
        }
        String namespacesClaim = (String) value(Settings.JWT_NAMESPACES_CLAIM);
        return Optional.of(new JwtSettings(jwksUrl, files, (String) value(Settings.JWT_ISSUER),
                (String) value(Settings.JWT_AUDIENCE), (Duration) value(Settings.JWT_CLOCK_SKEW),
                (String) value(Settings.JWT_SCOPES_CLAIM), (Map<String, Set<ApiScope>>) value(Settings.JWT_SCOPE_MAP),
                namespacesClaim == null || namespacesClaim.isBlank() ? null : namespacesClaim,
                (Duration) value(Settings.JWT_JWKS_CACHE_TTL), (Duration) value(Settings.JWT_JWKS_MIN_REFRESH)));
    }

    @SuppressWarnings("unchecked")
    public List<String> publicPaths() {
        return (List<String>) value(Settings.PUBLIC_PATHS);
    }

    public String logFormat() {
        return (String) value(Settings.LOG_FORMAT);
    }

    public String logLevel() {
        return (String) value(Settings.LOG_LEVEL);
    }

    public Duration shutdownDelay() {
        return (Duration) value(Settings.SHUTDOWN_DELAY);
    }

    public Duration drainTimeout() {
        return (Duration) value(Settings.DRAIN_TIMEOUT);
    }

    public Duration stepTimeout() {
        return (Duration) value(Settings.STEP_TIMEOUT);
    }

    public int maxInFlight() {
        return (Integer) value(Settings.MAX_IN_FLIGHT);
    }

    public int maxInFlightPerHandler() {
        return (Integer) value(Settings.MAX_IN_FLIGHT_PER_HANDLER);
    }

    public int batchParallelism() {
        return (Integer) value(Settings.BATCH_PARALLELISM);
    }

    public long maxBodySize() {
        return (Long) value(Settings.MAX_BODY_SIZE);
    }

    public int backtraceLines() {
        return (Integer) value(Settings.BACKTRACE_LINES);
    }

    @SuppressWarnings("unchecked")
    public List<String> requiredHandlers() {
        return (List<String>) value(Settings.REQUIRED_HANDLERS);
    }

    public Optional<String> workerId() {
        return Optional.ofNullable((String) value(Settings.WORKER_ID));
    }

    public Duration idempotencyTtl() {
        return (Duration) value(Settings.IDEMPOTENCY_TTL);
    }

    /** {@code auto}, {@code on} or {@code off}. */
    public String stepClaims() {
        return (String) value(Settings.STEP_CLAIMS);
    }

    public Duration stepClaimMargin() {
        return (Duration) value(Settings.STEP_CLAIM_MARGIN);
    }

    public Duration eventRetention() {
        return (Duration) value(Settings.EVENT_RETENTION);
    }

    public Duration webhookPollInterval() {
        return (Duration) value(Settings.WEBHOOK_POLL_INTERVAL);
    }

    public boolean storeUnroutedEvents() {
        return (Boolean) value(Settings.STORE_UNROUTED_EVENTS);
    }

    public int dbPoolSize() {
        return (Integer) value(Settings.DB_POOL_SIZE);
    }

    /** A setting that names a file, when set (and not blank). */
    public Optional<Path> file(Setting setting) {
        Object value = value(setting);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(Path.of((String) value));
    }

    /** Whether the listener speaks HTTPS: a certificate is configured ({@code tls.cert_file} or a key store). */
    public boolean tlsOn() {
        return file(Settings.TLS_CERT_FILE).isPresent() || file(Settings.TLS_KEY_FILE).isPresent()
                || file(Settings.TLS_KEYSTORE_FILE).isPresent();
    }

    /** {@code none}, {@code optional} or {@code required}. */
    public String tlsClientAuth() {
        return (String) value(Settings.TLS_CLIENT_AUTH);
    }

    /** The client certificates that are identities; empty when none are. */
    @SuppressWarnings("unchecked")
    public List<ClientCert> clientCerts() {
        Object certs = value(Settings.CLIENT_CERTS);
        return certs == null ? List.of() : (List<ClientCert>) certs;
    }

    /** The plain HTTP port beside HTTPS, when set. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable((Integer) value(Settings.HTTP_PORT));
    }

    /** The paths the plain {@code http_port} serves when TLS is on. */
    @SuppressWarnings("unchecked")
    public List<String> httpPaths() {
        return (List<String>) value(Settings.HTTP_PATHS);
    }

    /**
     * The {@code webhooks} section of the file, parsed; no endpoints when the file has none.
     *
     * @throws ConfigException naming the endpoint and field when the section is invalid
     */
    public WebhookConfig webhooks() {
        try {
            return WebhookConfig.parse(section(WEBHOOKS), Values::duration);
        } catch (InvalidWebhookConfigException e) {
            throw new ConfigException(e.describeFrom(sectionOrigin(WEBHOOKS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid webhooks config (from " + sectionOrigin(WEBHOOKS) + "): "
                    + e.getMessage());
        }
    }

    /** Where a structured section came from: the config file's path, or {@code default} when absent. */
    public String sectionOrigin(String name) {
        return origins.getOrDefault(name, "default");
    }

    /**
     * Every setting, then every field of every webhook endpoint ({@code webhooks.endpoints[0].url}), with its
     * effective value and origin; secrets shown as {@code ***}.
     *
     * @throws ConfigException when the webhooks section is invalid
     */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting setting : Settings.ALL) {
            Object value = values.get(setting.key());
            String shown = value == null ? "" : setting.secret() ? "***" : String.valueOf(value);
            out.put(setting.key(), shown + " (" + origin(setting) + ")");
        }
        List<WebhookEndpoint> endpoints = webhooks().endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            describeEndpoint(i, endpoints.get(i), out);
        }
        return out;
    }

    private void describeEndpoint(int index, WebhookEndpoint endpoint, Map<String, String> out) {
        JsonNode declared = section(WEBHOOKS).path("endpoints").path(index);
        String file = sectionOrigin(WEBHOOKS);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", endpoint.name());
        fields.put("url", endpoint.url());
        fields.put("secret", endpoint.secrets().size() == 1 ? "***"
                : endpoint.secrets().stream().map(secret -> "***").toList());
        fields.put("events", endpoint.events());
        fields.put("namespaces", endpoint.namespaces());
        fields.put("timeout", endpoint.timeout());
        fields.put("retry_schedule", endpoint.retrySchedule().delays());
        fields.put("allow_private_network", endpoint.allowPrivateNetwork());
        fields.put("max_in_flight", endpoint.maxInFlight());
        fields.put("ca_file", endpoint.tls().caFile() == null ? "" : endpoint.tls().caFile());
        fields.put("client_cert_file", endpoint.tls().clientCertFile() == null ? "" : endpoint.tls().clientCertFile());
        fields.put("client_key_file", endpoint.tls().clientKeyFile() == null ? "" : endpoint.tls().clientKeyFile());
        fields.forEach((field, value) -> out.put("webhooks.endpoints[" + index + "]." + field,
                value + " (" + origin(declared, field, file) + ")"));
    }

    /** Where an endpoint field came from; a secret read from {@code secret_file} names that file, never its value. */
    private static String origin(JsonNode declared, String field, String file) {
        if (field.equals("secret") && declared.has("secret_file")) {
            return "secret_file " + declared.get("secret_file").asText() + ", named in " + file;
        }
        return declared.has(field) ? file : "default";
    }
}
