package dev.tasker.gateway.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a registered handler came from: built into the gateway, or a plugin jar (file name, SHA-256 of
 * its bytes, load time). Jar fields are omitted from JSON for built-ins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandlerSource(
        @JsonProperty("type") String type,
        @JsonProperty("jar") String jar,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("loaded_at") Instant loadedAt) {

    public static final String BUILTIN_TYPE = "builtin";
    public static final String PLUGIN_TYPE = "plugin";

    public static final HandlerSource BUILTIN = new HandlerSource(BUILTIN_TYPE, null, null, null);

    public HandlerSource {
        Objects.requireNonNull(type, "type");
    }

    public static HandlerSource plugin(String jar, String sha256, Instant loadedAt) {
        return new HandlerSource(PLUGIN_TYPE, Objects.requireNonNull(jar, "jar"), sha256, loadedAt);
    }

    /** How the source reads in messages: {@code builtin} or {@code plugin orders.jar}. */
    public String describe() {
        return jar == null ? type : type + " " + jar;
    }
}
