package dev.tasker.gateway.server;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration setting: its YAML key, environment variable, command-line flag, default and parser.
 * The parser throws {@link IllegalArgumentException} with a readable reason for an invalid value.
 *
 * @param key         YAML key, snake_case ({@code step_timeout})
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

    /** {@code GATEWAY_STEP_TIMEOUT} for {@code step_timeout}. */
    public String envName() {
        return "GATEWAY_" + key.toUpperCase(Locale.ROOT);
    }

    /** {@code --step-timeout} for {@code step_timeout}. */
    public String flag() {
        return "--" + key.replace('_', '-');
    }
}
