package dev.tasker.gateway.server;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration setting: its YAML key, environment variable, command-line flag, default and parser.
 * The parser throws {@link IllegalArgumentException} with a readable reason for an invalid value.
 *
 * <p>A setting of a group has a dotted key ({@code jwt.issuer}): in YAML it is the key {@code issuer} of the
 * mapping {@code jwt:}, its variable {@code GATEWAY_JWT_ISSUER}, its flag {@code --jwt-issuer}. A secret
 * setting can also be read from a file named by {@link #fileKey()} ({@code api_keys_file},
 * {@code GATEWAY_API_KEYS_FILE}, {@code --api-keys-file}), as mounted Kubernetes or Docker secrets are.
 *
 * @param key         YAML key, snake_case, dotted for a group ({@code step_timeout}, {@code jwt.issuer})
 * @param defaultText the default as text, parsed like any other source; null when there is none
 * @param parser      text to value
 * @param secret      printed as {@code ***} by {@code --print-config}
 * @param meaning     one line for the README table and {@code --help}
 */
public record Setting(String key, String defaultText, Function<String, Object> parser, boolean secret,
                      String meaning) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
    }

    /** {@code GATEWAY_STEP_TIMEOUT} for {@code step_timeout}, {@code GATEWAY_JWT_ISSUER} for {@code jwt.issuer}. */
    public String envName() {
        return envName(key);
    }

    /** {@code --step-timeout} for {@code step_timeout}, {@code --jwt-issuer} for {@code jwt.issuer}. */
    public String flag() {
        return flag(key);
    }

    /** The group of a dotted key ({@code jwt} for {@code jwt.issuer}), or null. */
    public String group() {
        int dot = key.indexOf('.');
        return dot < 0 ? null : key.substring(0, dot);
    }

    /** The key that names a file holding a secret setting's value ({@code api_keys_file}); null when not secret. */
    public String fileKey() {
        return secret ? key + "_file" : null;
    }

    /** {@code GATEWAY_API_KEYS_FILE}; null when not secret. */
    public String fileEnvName() {
        return secret ? envName(fileKey()) : null;
    }

    /** {@code --api-keys-file}; null when not secret. */
    public String fileFlag() {
        return secret ? flag(fileKey()) : null;
    }

    static String envName(String key) {
        return "GATEWAY_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static String flag(String key) {
        return "--" + key.replace('.', '-').replace('_', '-');
    }
}
