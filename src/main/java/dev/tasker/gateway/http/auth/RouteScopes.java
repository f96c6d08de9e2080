package dev.tasker.gateway.http.auth;

import java.util.Locale;
import java.util.Set;

/**
 * The scope a request needs, decided by method and path alone (so routes added later are covered the day
 * they land): reads need {@code read}; running steps needs {@code execute}; everything else that changes
 * state (plugin reload, webhook retry and replay, any future non-GET route) needs {@code admin}.
 */
public final class RouteScopes {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> EXECUTE_PATHS = Set.of("/v1/steps", "/v1/steps/batch");

    private RouteScopes() {
    }

    /** @param path normalized absolute path without a trailing slash */
    public static ApiScope required(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        if (READ_METHODS.contains(m)) {
            return ApiScope.READ;
        }
        if (m.equals("POST") && EXECUTE_PATHS.contains(path)) {
            return ApiScope.EXECUTE;
        }
        return ApiScope.ADMIN;
    }
}
