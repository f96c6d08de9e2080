package dev.tasker.gateway.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code jwt.scope_map}: which gateway scopes each token permission grants. Two forms: compact
 * (environment, flags) {@code permission=scope+scope,...}, e.g. {@code read=read,worker:*=read+execute+admin};
 * or, in YAML (JSON text starting with <code>{</code>), a mapping of permission to a list of scopes.
 * Permissions are matched exactly ({@code worker:*} is the literal permission, not a pattern).
 */
public final class JwtScopeMap {

    /** The default map: {@code read}, {@code execute} and {@code admin} grant themselves, {@code worker:*} all. */
    public static final String DEFAULT = "read=read,execute=execute,admin=admin,worker:*=read+execute+admin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtScopeMap() {
    }

    /** @throws IllegalArgumentException naming the permission whose scopes are wrong */
    public static Map<String, Set<ApiScope>> parse(String text) {
        String trimmed = text.trim();
        Map<String, List<String>> entries = trimmed.startsWith("{") ? structured(trimmed) : compact(trimmed);
        Map<String, Set<ApiScope>> map = new LinkedHashMap<>();
        entries.forEach((permission, scopes) -> map.put(permission, scopes(permission, scopes)));
        return Map.copyOf(map);
    }

    private static Map<String, List<String>> compact(String text) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        for (String entry : text.isEmpty() ? new String[0] : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected permission=scope+scope, got '" + entry.trim() + "'");
            }
            put(entries, entry.substring(0, eq).trim(), List.of(entry.substring(eq + 1).split("\\+", -1)));
        }
        return entries;
    }

    private static Map<String, List<String>> structured(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("expected a mapping of permission to a list of scopes");
        }
        Map<String, List<String>> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> scopes = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(scope -> scopes.add(scope.asText()));
            } else {
                scopes.addAll(List.of(field.getValue().asText().split("[+,]", -1)));
            }
            put(entries, field.getKey(), scopes);
        }
        return entries;
    }

    private static void put(Map<String, List<String>> entries, String permission, List<String> scopes) {
        if (permission.isEmpty()) {
            throw new IllegalArgumentException("a permission is empty");
        }
        if (entries.put(permission, scopes) != null) {
            throw new IllegalArgumentException("permission '" + permission + "' is mapped twice");
        }
    }

    private static Set<ApiScope> scopes(String permission, List<String> names) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String name : names) {
            scopes.add(ApiScope.fromWireName(name).orElseThrow(() -> new IllegalArgumentException("permission '"
                    + permission + "': unknown scope '" + name.trim() + "' (expected read, execute or admin)")));
        }
        return scopes;
    }
}
