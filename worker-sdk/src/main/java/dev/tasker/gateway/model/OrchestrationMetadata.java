package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Hints for the orchestrator. The only backoff input it honours is a {@code Retry-After} entry in
 * {@link #headers()} (integer seconds or an HTTP date).
 *
 * @param headers      string to string, never null (null becomes empty); an entry whose name or value is null
 *                     is left out, since the orchestrator reads a map of strings
 * @param errorContext free text, may be null
 * @param backoffHint  may be null
 * @param custom       never null (null becomes empty); values may be JSON null
 */
public record OrchestrationMetadata(
        @JsonProperty("headers") Map<String, String> headers,
        @JsonProperty("error_context") String errorContext,
        @JsonProperty("backoff_hint") BackoffHint backoffHint,
        @JsonProperty("custom") Map<String, Object> custom) {

    /** The value every factory writes: empty headers and custom, no context, no hint. */
    public static final OrchestrationMetadata DEFAULT = new OrchestrationMetadata(Map.of(), null, null, Map.of());

    public OrchestrationMetadata {
        headers = WireCollections.withoutNulls(headers);
        custom = WireCollections.copyOf(custom);
    }

    /** A copy with {@code Retry-After} set to whole seconds and a backoff hint of the given type. */
    public OrchestrationMetadata withRetryAfter(long seconds, BackoffHintType type, String hintContext) {
        Map<String, String> newHeaders = new java.util.LinkedHashMap<>(headers);
        newHeaders.put("Retry-After", Long.toString(seconds));
        return new OrchestrationMetadata(newHeaders, errorContext,
                new BackoffHint(type, seconds, hintContext), custom);
    }

    /** A copy with one header set. */
    public OrchestrationMetadata withHeader(String name, String value) {
        Map<String, String> newHeaders = new java.util.LinkedHashMap<>(headers);
        newHeaders.put(name, value);
        return new OrchestrationMetadata(newHeaders, errorContext, backoffHint, custom);
    }

    /** A copy with the given backoff hint. */
    public OrchestrationMetadata withBackoffHint(BackoffHint hint) {
        return new OrchestrationMetadata(headers, errorContext, hint, custom);
    }
}
