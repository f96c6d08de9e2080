package dev.tasker.gateway.http.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do. Scopes are independent: {@code admin} does not imply {@code read}; give a key
 * every scope it needs.
 */
public enum ApiScope {
    /** Every GET/HEAD route: handlers, stored step results, plugins, events, webhooks and deliveries. */
    READ,
    /** Running steps: {@code POST /v1/steps} and {@code POST /v1/steps/batch}. */
    EXECUTE,
    /** Changing the gateway: plugin reload, webhook retry and replay, any other non-GET route. */
    ADMIN;

    /** The name used in configuration and logs ({@code read}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApiScope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
