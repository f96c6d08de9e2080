package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code webhooks:} section of the YAML config file: the endpoints events are delivered to. Parsing
 * refuses unknown keys and invalid values with an {@link InvalidWebhookConfigException} naming the value's
 * path ({@code webhooks.endpoints[0].url}) and the endpoint, never the secret.
 *
 * <pre>
 * webhooks:
 *   endpoints:
 *     - name: orders
 *       url: https://hooks.example.com/tasker
 *       secret: whsec_...            # or a list during a key rotation (the first signs first)
 *       events: ["order.*"]          # default ["*"]
 *       namespaces: ["ecommerce"]    # default: all
 *       timeout: 10s
 *       retry_schedule: [0s, 5s, 30s]
 *       allow_private_network: false
 *       max_in_flight: 32
 *       # secret_file: /run/secrets/orders-webhook   # instead of secret: one whsec_ a line
 *       # ca_file: /etc/tasker/receiver-ca.pem        # trust only this CA for this endpoint
 *       # client_cert_file: /etc/tasker/client.pem    # mutual TLS to the receiver
 *       # client_key_file: /etc/tasker/client.key
 * </pre>
 */
public record WebhookConfig(List<WebhookEndpoint> endpoints) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;
    private static final Set<String> SECTION_KEYS = Set.of("endpoints");
    private static final Set<String> ENDPOINT_KEYS = Set.of("name", "url", "secret", "events", "namespaces",
            "timeout", "retry_schedule", "allow_private_network", "max_in_flight", "secret_file", "ca_file",
            "client_cert_file", "client_key_file");

    public WebhookConfig {
        endpoints = List.copyOf(endpoints);
    }

    public static WebhookConfig none() {
        return new WebhookConfig(List.of());
    }

    public Optional<WebhookEndpoint> endpoint(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The endpoints an event goes to. */
    public List<WebhookEndpoint> endpointsFor(String eventName, String namespace) {
        return endpoints.stream().filter(e -> e.accepts(eventName, namespace)).toList();
    }

    /**
     * Parses the section.
     *
     * @param section  the {@code webhooks} node; missing or null means no endpoints
     * @param duration the gateway's duration parser ({@code 500ms}, {@code 10s}, {@code 2m})
     * @throws InvalidWebhookConfigException naming the value's path, e.g. {@code webhooks.endpoints[0].url}
     */
    public static WebhookConfig parse(JsonNode section, Function<String, Duration> duration) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return none();
        }
        if (!section.isObject()) {
            throw new InvalidWebhookConfigException("webhooks", null, "expected a mapping with 'endpoints'");
        }
        unknownKeys(section, SECTION_KEYS, new At("webhooks", null));
        JsonNode list = section.path("endpoints");
        if (list.isMissingNode() || list.isNull()) {
            return none();
        }
        if (!list.isArray()) {
            throw new InvalidWebhookConfigException("webhooks.endpoints", null, "expected a list");
        }
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            WebhookEndpoint endpoint = parseEndpoint(list.get(i), i, duration);
            if (!names.add(endpoint.name())) {
                throw new At("webhooks.endpoints[" + i + "]", endpoint.name())
                        .invalid("name", "another endpoint has this name");
            }
            endpoints.add(endpoint);
        }
        return new WebhookConfig(endpoints);
    }

    private static WebhookEndpoint parseEndpoint(JsonNode node, int index, Function<String, Duration> duration) {
        String where = "webhooks.endpoints[" + index + "]";
        if (!node.isObject()) {
            throw new InvalidWebhookConfigException(where, null, "expected a mapping");
        }
        String name = node.path("name").isTextual() ? node.path("name").asText() : null;
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw new At(where, null).invalid("name", "required, letters, digits, '_', '.', '-'");
        }
        At at = new At(where, name);
        unknownKeys(node, ENDPOINT_KEYS, at);

        URI url = parseUrl(node.path("url"), at);
        List<WebhookSecret> secrets = new ArrayList<>();
        String secretField = node.has("secret_file") ? "secret_file" : "secret";
        if (node.has("secret") && node.has("secret_file")) {
            throw at.invalid("secret_file", "give either secret or secret_file, not both");
        }
        List<String> secretTexts = node.has("secret_file")
                ? EndpointFiles.secretLines(EndpointFiles.path(node.get("secret_file"), at.path() + ".secret_file"),
                        at.path() + ".secret_file", at.endpoint())
                : strings(node.path("secret"), at, "secret", List.of());
        for (String text : secretTexts) {
            try {
                secrets.add(WebhookSecret.parse(text));
            } catch (IllegalArgumentException e) {
                throw at.invalid(secretField, e.getMessage());
            }
        }
        if (secrets.isEmpty()) {
            throw at.invalid(secretField, "required (whsec_ followed by base64)");
        }
        List<String> events = strings(node.path("events"), at, "events", List.of("*"));
        List<String> namespaces = strings(node.path("namespaces"), at, "namespaces", List.of());
        Duration timeout = node.has("timeout") ? parseDuration(node.get("timeout"), at, "timeout", duration)
                : DEFAULT_TIMEOUT;
        if (timeout.isZero()) {
            throw at.invalid("timeout", "must be positive");
        }
        RetrySchedule schedule = RetrySchedule.DEFAULT;
        if (node.has("retry_schedule")) {
            JsonNode delaysNode = node.get("retry_schedule");
            if (!delaysNode.isArray() || delaysNode.isEmpty()) {
                throw at.invalid("retry_schedule", "expected a non-empty list of durations");
            }
            List<Duration> delays = new ArrayList<>();
            for (int i = 0; i < delaysNode.size(); i++) {
                delays.add(parseDuration(delaysNode.get(i), at, "retry_schedule[" + i + "]", duration));
            }
            schedule = new RetrySchedule(delays);
        }
        boolean allowPrivate = false;
        if (node.has("allow_private_network")) {
            if (!node.get("allow_private_network").isBoolean()) {
                throw at.invalid("allow_private_network", "expected true or false");
            }
            allowPrivate = node.get("allow_private_network").asBoolean();
        }
        int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        if (node.has("max_in_flight")) {
            JsonNode value = node.get("max_in_flight");
            if (!value.isInt() || value.asInt() < 1 || value.asInt() > 64) {
                throw at.invalid("max_in_flight", "expected an integer from 1 to 64");
            }
            maxInFlight = value.asInt();
        }
        EndpointTls tls = EndpointFiles.tls(node, url, at.path(), name);
        return new WebhookEndpoint(name, url, secrets, events, namespaces, timeout, schedule, allowPrivate,
                maxInFlight, tls);
    }

    private static URI parseUrl(JsonNode node, At at) {
        if (!node.isTextual()) {
            throw at.invalid("url", "required");
        }
        try {
            URI url = new URI(node.asText());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            if (url.getUserInfo() != null) {
                throw new IllegalArgumentException("credentials in the URL are not allowed");
            }
            return url;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw at.invalid("url", "expected an absolute http(s) URL (" + e.getMessage() + ")");
        }
    }

    private static Duration parseDuration(JsonNode node, At at, String field, Function<String, Duration> duration) {
        if (!node.isTextual() && !node.isNumber()) {
            throw at.invalid(field, "expected a duration such as 10s");
        }
        try {
            Duration parsed = duration.apply(node.isNumber() ? node.asText() + "s" : node.asText());
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("cannot be negative");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw at.invalid(field, e.getMessage());
        }
    }

    private static List<String> strings(JsonNode node, At at, String field, List<String> missing) {
        if (node.isMissingNode() || node.isNull()) {
            return missing;
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw at.invalid(field, "expected a string or a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual() && !element.isNumber()) {
                throw at.invalid(field, "expected a list of strings");
            }
            values.add(element.asText());
        }
        return values;
    }

    private static void unknownKeys(JsonNode node, Set<String> known, At at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw at.invalid(key, "unknown field");
            }
        }
    }

    /** Where in the section a value is: the path of its mapping, and the endpoint's name once known. */
    private record At(String path, String endpoint) {

        InvalidWebhookConfigException invalid(String field, String reason) {
            return new InvalidWebhookConfigException(path + "." + field, endpoint, reason);
        }
    }
}
