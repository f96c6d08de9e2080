package dev.tasker.gateway.http.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configured API key. The {@code name} is what logs and metrics show; the {@code key} itself is never
 * printed ({@link #toString()} leaves it out).
 *
 * @param name   a short identifier ({@code orchestrator}), letters, digits, {@code . _ -}
 * @param key    the secret the client sends, at least {@value #MIN_KEY_LENGTH} characters
 * @param scopes what the key may do; never empty
 */
public record ApiKey(String name, String key, Set<ApiScope> scopes) {

    public static final int MIN_KEY_LENGTH = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]+");

    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name
                    + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the key of '" + name + "' is shorter than " + MIN_KEY_LENGTH
                    + " characters");
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("the key of '" + name
                    + "' must be visible ASCII characters without spaces");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("key '" + name + "' has no scopes");
        }
        scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    public boolean allows(ApiScope scope) {
        return scopes.contains(scope);
    }

    @Override
    public String toString() {
        return "ApiKey[name=" + name + ", key=***, scopes="
                + scopes.stream().map(ApiScope::wireName).collect(Collectors.joining("+")) + "]";
    }
}
