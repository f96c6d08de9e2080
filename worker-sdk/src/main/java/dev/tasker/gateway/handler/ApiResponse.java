package dev.tasker.gateway.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.WireJson;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A downstream HTTP response as an {@link ApiStepHandler} received it, whatever its status. Immutable and
 * thread-safe.
 *
 * @param method     the request method, upper case; never null
 * @param uri        the URI that answered (after any followed redirect); never null
 * @param statusCode the HTTP status
 * @param headers    response headers by lower-case name, each with its values in order; never null
 * @param body       the body decoded as text (UTF-8 unless the response names another charset); never
 *                   null, empty when there was none
 */
public record ApiResponse(String method, URI uri, int statusCode, Map<String, List<String>> headers, String body) {

    private static final ObjectMapper MAPPER = WireJson.newObjectMapper();
    private static final Object NOT_JSON = new Object();

    /** Copies the headers with lower-case names; a null body becomes empty. */
    public ApiResponse {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        body = body == null ? "" : body;
        Map<String, List<String>> lowerCased = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && !name.startsWith(":")) {
                    lowerCased.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .addAll(values == null ? List.of() : values);
                }
            });
        }
        lowerCased.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(lowerCased);
    }

    /** True for a 2xx status. */
    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** The first value of a header, matched without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The headers with one value a name, several values joined by {@code ", "} (RFC 9110 5.3); the shape the
     * default success result uses.
     */
    public Map<String, String> singleValuedHeaders() {
        Map<String, String> single = new TreeMap<>();
        headers.forEach((name, values) -> single.put(name, String.join(", ", values)));
        return Collections.unmodifiableMap(single);
    }

    /** True when the {@code Content-Type} is {@code application/json} or any {@code +json} type. */
    public boolean isJson() {
        String type = header("content-type").orElse("").toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /**
     * The body parsed as JSON (maps, lists, strings, numbers, booleans), when the response says it is JSON
     * and it parses to something other than JSON {@code null}; otherwise empty. Never throws.
     */
    public Optional<Object> jsonBody() {
        Object parsed = parseJson();
        return parsed == NOT_JSON ? Optional.empty() : Optional.ofNullable(parsed);
    }

    /**
     * The body as the default success result carries it: the parsed value when the response is JSON and
     * parses (a blank JSON body is null), else the text.
     */
    public Object bodyValue() {
        if (isJson() && body.isBlank()) {
            return null;
        }
        Object parsed = parseJson();
        return parsed == NOT_JSON ? body : parsed;
    }

    private Object parseJson() {
        if (!isJson() || body.isBlank()) {
            return NOT_JSON;
        }
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (IOException e) {
            return NOT_JSON;
        }
    }

    /** The URI without query, fragment or user info: safe to put in results and logs. */
    public String redactedUrl() {
        return ApiFailures.redact(uri);
    }
}
