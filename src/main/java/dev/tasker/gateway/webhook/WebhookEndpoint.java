package dev.tasker.gateway.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One configured webhook endpoint (YAML {@code webhooks.endpoints[]}). {@link #toString()} never shows the
 * secrets.
 *
 * @param name                unique, {@code [A-Za-z0-9_.-]+}; used in URLs of the operations API
 * @param url                 absolute http(s) URL
 * @param secrets             signing secrets; the first signs, all are sent during a rotation
 * @param events              globs over {@code event_name} ({@code *} any run of characters)
 * @param namespaces          task namespaces delivered; empty means all
 * @param timeout             per attempt
 * @param retrySchedule       delay before each attempt
 * @param allowPrivateNetwork passed to the {@link DeliveryTargetGuard}
 * @param maxInFlight         attempts to this endpoint at once
 * @param tls                 trust and client certificate for an https URL
 */
public record WebhookEndpoint(String name, URI url, List<WebhookSecret> secrets, List<String> events,
                              List<String> namespaces, Duration timeout, RetrySchedule retrySchedule,
                              boolean allowPrivateNetwork, int maxInFlight, EndpointTls tls) {

    /** An endpoint with the JDK's default TLS trust and no client certificate. */
    public WebhookEndpoint(String name, URI url, List<WebhookSecret> secrets, List<String> events,
                           List<String> namespaces, Duration timeout, RetrySchedule retrySchedule,
                           boolean allowPrivateNetwork, int maxInFlight) {
        this(name, url, secrets, events, namespaces, timeout, retrySchedule, allowPrivateNetwork, maxInFlight,
                EndpointTls.DEFAULT);
    }

    public WebhookEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        secrets = List.copyOf(secrets);
        events = List.copyOf(events);
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retrySchedule, "retrySchedule");
        tls = tls == null ? EndpointTls.DEFAULT : tls;
    }

    /** Whether an event with this name, fired in this namespace, goes to this endpoint. */
    public boolean accepts(String eventName, String namespace) {
        boolean nameMatches = events.stream().anyMatch(glob -> globMatches(glob, eventName));
        boolean namespaceMatches = namespaces.isEmpty() || (namespace != null && namespaces.contains(namespace));
        return nameMatches && namespaceMatches;
    }

    static boolean globMatches(String glob, String text) {
        Pattern pattern = GLOBS.get(glob);
        if (pattern == null) {
            if (GLOBS.size() >= 1024) {
                GLOBS.clear();
            }
            pattern = globPattern(glob);
            GLOBS.put(glob, pattern);
        }
        return pattern.matcher(text).matches();
    }

    /**
     * Each glob's pattern, compiled once (every event routed, and every event replayed, compiled one per glob
     * per endpoint). Globs come from the configuration, so the map holds a few entries; past 1024 (endpoints
     * built by hand without end) it is emptied and filled again.
     */
    private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

    private static Pattern globPattern(String glob) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[name=" + name + ", url=" + url + ", events=" + events + ", namespaces=" + namespaces
                + ", timeout=" + timeout + "]";
    }
}
