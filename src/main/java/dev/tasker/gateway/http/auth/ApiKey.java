package dev.tasker.gateway.http.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configured API key. The {@code name} is what logs and metrics show; the {@code key} itself is never
 * printed ({@link #toString()} leaves it out). A name is shorter than any key can be, so a key written where
 * the name belongs is refused instead of being logged as a name; and messages repeat a rejected name only
 * when it is too short to be a key.
 *
 * @param name   a short identifier ({@code orchestrator}), 1 to {@value #MAX_NAME_LENGTH} letters, digits,
 *               {@code . _ -}
 * @param key    the secret the client sends, at least {@value #MIN_KEY_LENGTH} characters
 * @param scopes what the key may do; never empty
 */
public record ApiKey(String name, String key, Set<ApiScope> scopes) {

    public static final int MIN_KEY_LENGTH = 16;
    public static final int MAX_NAME_LENGTH = MIN_KEY_LENGTH - 1;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]+");

    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException((couldBeKey(name) ? "a key name (not repeated: it is as long as a key)"
                    : "key name '" + name + "'") + " must be 1-" + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-'");
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

    /** Whether a piece of configuration text is long enough to be a key, and so must never be printed. */
    static boolean couldBeKey(String text) {
        return text.length() >= MIN_KEY_LENGTH;
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
