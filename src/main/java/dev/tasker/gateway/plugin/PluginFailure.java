package dev.tasker.gateway.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Something of a plugin jar that could not be loaded: the jar, the class (null when the whole jar failed),
 * what kind of failure it is and its cause in words. Shown by {@code GET /v1/plugins} and in the reload
 * answer; everything else of the jar (and every other jar) still loads.
 *
 * @param jar       the jar's file name in the plugins folder
 * @param sha256    the SHA-256 of the jar's bytes; null when the jar could not be read
 * @param className the class concerned; null for a failure of the whole jar
 * @param kind      one of the {@code KIND_*} constants
 * @param cause     what went wrong, naming both sides of a name clash
 */
public record PluginFailure(
        @JsonProperty("jar") String jar,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("class_name") String className,
        @JsonProperty("kind") String kind,
        @JsonProperty("cause") String cause) {

    /** The file cannot be read as a zip/jar. */
    public static final String KIND_NOT_A_ZIP = "not_a_zip";
    /** The file could not be read or copied. */
    public static final String KIND_UNREADABLE = "unreadable";
    /** A services file names a class the jar does not contain. */
    public static final String KIND_CLASS_NOT_FOUND = "class_not_found";
    /** A services file names a class that does not implement the service interface. */
    public static final String KIND_NOT_A_SERVICE = "not_a_service";
    /** The class has no public no-argument constructor, or it threw. */
    public static final String KIND_CONSTRUCTOR_FAILED = "constructor_failed";
    /** The handler's name or an alias is already taken by a built-in or another jar. */
    public static final String KIND_NAME_TAKEN = "name_taken";
    /** The handler describes itself wrongly (blank name, repeated alias, throwing accessor). */
    public static final String KIND_INVALID_HANDLER = "invalid_handler";
    /** Anything else that went wrong while loading the jar. */
    public static final String KIND_LOAD_FAILED = "load_failed";

    public PluginFailure {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cause, "cause");
    }

    /** A failure of the whole jar. */
    public static PluginFailure ofJar(String jar, String sha256, String kind, String cause) {
        return new PluginFailure(jar, sha256, null, kind, cause);
    }

    /** A failure of one class of the jar. */
    public static PluginFailure ofClass(String jar, String sha256, String className, String kind, String cause) {
        return new PluginFailure(jar, sha256, className, kind, cause);
    }

    /** One line for the log. */
    public String describe() {
        return "plugin " + jar + (className == null ? "" : " class " + className) + ": " + kind + ": " + cause;
    }

    /** A throwable's cause chain in one line: {@code IllegalStateException: boom}. */
    static String causeOf(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
