package dev.tasker.gateway.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the {@code api_keys} setting. Two forms:
 * <ul>
 *   <li>compact (environment, flags): {@code name:key:scope+scope,...}; the scopes may be left out
 *       ({@code name:key}, all scopes), and so may the name ({@code key}: named {@code key-1},
 *       {@code key-2} by position). Two parts whose second is a scope list ({@code key:read}) are refused:
 *       read as {@code name:key} they would make the secret a name, printed in logs;</li>
 *   <li>structured (YAML, or JSON text starting with {@code [}): a list of {@code {name, key, scopes}}.</li>
 * </ul>
 * Errors name the entry by position and never repeat the key, nor any other part long enough to be one.
 */
public final class ApiKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "key", "scopes");

    private ApiKeys() {
    }

    /** @throws IllegalArgumentException naming the entry that is wrong */
    public static List<ApiKey> parse(String text) {
        String trimmed = text.trim();
        List<ApiKey> keys = trimmed.startsWith("[") ? parseStructured(trimmed) : parseCompact(trimmed);
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (ApiKey key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("two keys are named '" + key.name() + "'");
            }
            if (!secrets.add(key.key())) {
                throw new IllegalArgumentException("key '" + key.name() + "' repeats the secret of another key");
            }
        }
        return List.copyOf(keys);
    }

    private static List<ApiKey> parseCompact(String text) {
        List<ApiKey> keys = new ArrayList<>();
        String[] entries = text.isEmpty() ? new String[0] : text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            int position = i + 1;
            keys.add(entry(position, () -> switch (parts.length) {
                case 1 -> new ApiKey("key-" + position, parts[0], EnumSet.allOf(ApiScope.class));
                case 2 -> {
                    if (isScopeList(parts[1])) {
                        throw new IllegalArgumentException("two parts, the second a scope list, as in key:scope;"
                                + " write name:key:scope+scope (the parts are not repeated: one may be a key)");
                    }
                    yield new ApiKey(parts[0], parts[1], EnumSet.allOf(ApiScope.class));
                }
                case 3 -> new ApiKey(parts[0], parts[1], scopes(List.of(parts[2].split("\\+", -1))));
                default -> throw new IllegalArgumentException("expected name:key:scope+scope");
            }));
        }
        return keys;
    }

    private static List<ApiKey> parseStructured(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("expected a list of {name, key, scopes}");
        }
        List<ApiKey> keys = new ArrayList<>();
        int position = 0;
        for (JsonNode node : root) {
            position++;
            if (!node.isObject()) {
                throw new IllegalArgumentException("entry " + position + ": expected a mapping {name, key, scopes}");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    throw new IllegalArgumentException("entry " + position + ": "
                            + (ApiKey.couldBeKey(field) ? "an unknown field (not repeated: it is as long as a key)"
                                    : "unknown field '" + field + "'") + " (expected name, key, scopes)");
                }
            }
            JsonNode scopes = node.get("scopes");
            List<String> scopeNames = new ArrayList<>();
            if (scopes != null && scopes.isArray()) {
                scopes.forEach(s -> scopeNames.add(s.asText()));
            } else if (scopes != null && scopes.isTextual()) {
                scopeNames.addAll(List.of(scopes.asText().split("[+,]", -1)));
            }
            keys.add(entry(position, () -> new ApiKey(text(node, "name"), text(node, "key"),
                    scopes == null ? EnumSet.allOf(ApiScope.class) : scopes(scopeNames))));
        }
        return keys;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value.asText();
    }

    private static boolean isScopeList(String text) {
        return Arrays.stream(text.split("\\+", -1)).allMatch(s -> ApiScope.fromWireName(s).isPresent());
    }

    private static Set<ApiScope> scopes(List<String> names) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String name : names) {
            scopes.add(ApiScope.fromWireName(name).orElseThrow(() -> new IllegalArgumentException(
                    (ApiKey.couldBeKey(name) ? "an unknown scope (not repeated: it is as long as a key)"
                            : "unknown scope '" + name.trim() + "'") + " (expected read, execute or admin)")));
        }
        return scopes;
    }

    private static ApiKey entry(int position, Supplier<ApiKey> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("entry " + position + ": " + e.getMessage());
        }
    }
}
