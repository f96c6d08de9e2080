package dev.tasker.gateway.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code client_certs} mapping: which verified client certificates are identities, and with which scopes.
 * Read from YAML as a list of {@code {name, subject, scopes}}, or from the environment and flags as the same
 * list in JSON. Immutable, thread-safe.
 */
public final class ClientCerts {

    /** The request attribute Grizzly exposes the verified peer chain under. */
    static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "subject", "scopes");

    private final List<ClientCert> entries;

    public ClientCerts(List<ClientCert> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ClientCerts none() {
        return new ClientCerts(List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<ClientCert> entries() {
        return entries;
    }

    /** The entry naming {@code certificate}, the first in configuration order. */
    public Optional<ClientCert> match(X509Certificate certificate) {
        return entries.stream().filter(entry -> entry.matches(certificate)).findFirst();
    }

    /** The client certificate (leaf) the TLS handshake verified for this request, if one was presented. */
    public static Optional<X509Certificate> presented(ContainerRequestContext request) {
        if (request.getSecurityContext() == null || !request.getSecurityContext().isSecure()) {
            return Optional.empty();
        }
        Object chain = request.getProperty(CERTIFICATES_ATTRIBUTE);
        if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
            return Optional.of(certificates[0]);
        }
        return Optional.empty();
    }

    /**
     * Reads the setting: a JSON (or, from YAML, the same) list of {@code {name, subject, scopes}}; scopes
     * left out mean every scope.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static List<ClientCert> parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(trimmed);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("expected a list of {name, subject, scopes} (JSON in the environment"
                    + " and flags: [{\"name\":\"orchestrator\",\"subject\":\"CN=orchestrator-1,O=Acme\","
                    + "\"scopes\":[\"read\",\"execute\"]}])");
        }
        List<ClientCert> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        int position = 0;
        for (JsonNode node : root) {
            position++;
            ClientCert entry;
            try {
                entry = entry(node);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + position + ": " + e.getMessage());
            }
            if (!names.add(entry.name())) {
                throw new IllegalArgumentException("two client certificates are named '" + entry.name() + "'");
            }
            if (!subjects.add(entry.identityKey())) {
                throw new IllegalArgumentException("client certificate '" + entry.name()
                        + "' repeats the subject of another entry");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static ClientCert entry(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a mapping {name, subject, scopes}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "' (expected name, subject, scopes)");
            }
        }
        JsonNode scopes = node.get("scopes");
        Set<ApiScope> granted = EnumSet.noneOf(ApiScope.class);
        if (scopes == null) {
            granted = EnumSet.allOf(ApiScope.class);
        } else {
            List<String> scopeNames = new ArrayList<>();
            if (scopes.isArray()) {
                scopes.forEach(s -> scopeNames.add(s.asText()));
            } else {
                scopeNames.addAll(List.of(scopes.asText().split("[+,]", -1)));
            }
            for (String scope : scopeNames) {
                granted.add(ApiScope.fromWireName(scope).orElseThrow(() -> new IllegalArgumentException(
                        "unknown scope '" + scope.trim() + "' (expected read, execute or admin)")));
            }
        }
        return new ClientCert(text(node, "name"), text(node, "subject"), granted);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value.asText();
    }
}
