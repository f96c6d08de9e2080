package dev.tasker.gateway.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive, unmodifiable copies that keep insertion order and tolerate JSON {@code null} values
 * ({@code Map.copyOf} and {@code List.copyOf} reject them). A null collection becomes empty.
 */
final class WireCollections {

    private WireCollections() {
    }

    static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Like {@link #copyOf(Map)} but leaves out every entry whose key or value is null. */
    static <K, V> Map<K, V> withoutNulls(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<K, V> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    static <T> List<T> copyOf(List<T> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Like {@link #copyOf(List)} but keeps null as null (for fields where null and empty differ). */
    static <T> List<T> copyOrNull(List<T> list) {
        return list == null ? null : copyOf(list);
    }
}
