package dev.tasker.gateway.handler;

import dev.tasker.gateway.model.BackoffHint;
import dev.tasker.gateway.model.BackoffHintType;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.OrchestrationMetadata;
import dev.tasker.gateway.model.StepExecutionResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one table that turns a downstream HTTP outcome into a step result (contract 1.4). Pure: no I/O, and
 * the time an HTTP-date {@code Retry-After} is measured from is passed in. Thread-safe (stateless).
 *
 * <pre>
 * 2xx                         success
 * 408, 504                    timeout          retryable
 * 425, 429                    retryable_error  retryable  Retry-After -> headers, backoff_hint RateLimit
 * 400, 422                    validation_error
 * other 4xx, 3xx              permanent_error
 * 501, 505                    permanent_error
 * 500, 502, 503, other 5xx    retryable_error  retryable  503 + Retry-After -> backoff_hint ServiceUnavailable
 * connection refused/reset    retryable_error  retryable  CONNECTION_ERROR
 * client-side timeout         timeout          retryable  HTTP_TIMEOUT
 * body over the size limit    permanent_error             RESPONSE_TOO_LARGE (a guard of ours, not in 1.4)
 * </pre>
 *
 * A {@code Retry-After} on any other retryable status is forwarded too, with a {@code ServerRequested}
 * hint; on a status that is not retried it is ignored. Status failures carry {@code error_code}
 * {@code HTTP_<status>}, {@code error.status_code}, and {@code metadata.context} with {@code http_status},
 * {@code method} and {@code url} (without query, fragment or user info).
 */
public final class ApiFailures {

    /** {@code error_code} of a refused, reset or unresolvable connection. */
    public static final String CONNECTION_ERROR = "CONNECTION_ERROR";
    /** {@code error_code} of a request that did not answer within the client timeout. */
    public static final String HTTP_TIMEOUT = "HTTP_TIMEOUT";

    /** {@code error_code} of a response whose body is larger than the handler reads. */
    public static final String RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";

    private static final int MAX_DETAIL_LENGTH = 500;
    /** The registered HTTP statuses a downstream call can fail with (IANA), each an {@code HTTP_<status>} code. */
    private static final int[] FAILURE_STATUSES = {300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404,
        405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 425, 426, 428, 429, 431,
        451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511};

    private ApiFailures() {
    }

    /**
     * How one HTTP status is classified.
     *
     * @param success         true for 2xx; then the other fields are null/false
     * @param errorType       one of {@link ErrorTypes}, null on success
     * @param retryable       whether the orchestrator should retry
     * @param retryAfterHint  the backoff hint type a {@code Retry-After} on this status becomes; null when a
     *                        {@code Retry-After} is ignored (success and statuses that are not retried)
     */
    public record StatusClassification(boolean success, String errorType, boolean retryable,
                                       BackoffHintType retryAfterHint) {

        static StatusClassification ok() {
            return new StatusClassification(true, null, false, null);
        }

        static StatusClassification permanent(String errorType) {
            return new StatusClassification(false, errorType, false, null);
        }

        static StatusClassification retryable(String errorType, BackoffHintType hint) {
            return new StatusClassification(false, errorType, true, hint);
        }
    }

    /**
     * An error catalog ({@link StepHandler#errors()}) for a handler built on {@link ApiStepHandler}: every code
     * these helpers answer ({@code HTTP_<status>} for each registered failure status, typed by the table
     * above, {@code CONNECTION_ERROR}, {@code HTTP_TIMEOUT}, {@code RESPONSE_TOO_LARGE} and
     * {@code INVALID_CONFIG}), followed by the handler's own.
     *
     * @param own the handler's own codes; an entry for a code listed here replaces the helpers' one
     */
    public static java.util.List<DeclaredError> catalog(java.util.List<DeclaredError> own) {
        Map<String, DeclaredError> catalog = new LinkedHashMap<>();
        for (int status : FAILURE_STATUSES) {
            StatusClassification classification = classify(status);
            catalog.put("HTTP_" + status, DeclaredError.of("HTTP_" + status, classification.errorType(),
                    classification.retryable(), "the downstream answered " + status));
        }
        catalog.put(CONNECTION_ERROR, DeclaredError.retryable(CONNECTION_ERROR,
                "the connection was refused or reset, or the host did not resolve"));
        catalog.put(HTTP_TIMEOUT, DeclaredError.timeout(HTTP_TIMEOUT, "the downstream did not answer within timeout_ms"));
        catalog.put(RESPONSE_TOO_LARGE, DeclaredError.permanent(RESPONSE_TOO_LARGE,
                "the response body is larger than max_response_bytes"));
        catalog.put(ApiStepHandler.INVALID_CONFIG, DeclaredError.validation(ApiStepHandler.INVALID_CONFIG,
                "a handler config value (base_url, timeout_ms, headers, max_response_bytes) is invalid"));
        for (DeclaredError error : own) {
            catalog.put(error.errorCode(), error);
        }
        return java.util.List.copyOf(catalog.values());
    }

    /** Classifies an HTTP status by the table above; statuses outside 100–599 are permanent failures. */
    public static StatusClassification classify(int status) {
        if (status >= 200 && status < 300) {
            return StatusClassification.ok();
        }
        return switch (status) {
            case 408, 504 -> StatusClassification.retryable(ErrorTypes.TIMEOUT, BackoffHintType.SERVER_REQUESTED);
            case 425, 429 -> StatusClassification.retryable(ErrorTypes.RETRYABLE_ERROR, BackoffHintType.RATE_LIMIT);
            case 503 -> StatusClassification.retryable(ErrorTypes.RETRYABLE_ERROR, BackoffHintType.SERVICE_UNAVAILABLE);
            case 400, 422 -> StatusClassification.permanent(ErrorTypes.VALIDATION_ERROR);
            case 501, 505 -> StatusClassification.permanent(ErrorTypes.PERMANENT_ERROR);
            default -> status >= 500 && status < 600
                    ? StatusClassification.retryable(ErrorTypes.RETRYABLE_ERROR, BackoffHintType.SERVER_REQUESTED)
                    : StatusClassification.permanent(ErrorTypes.PERMANENT_ERROR);
        };
    }

    /**
     * The failure result for a non-2xx response.
     *
     * @param response never null; must not be a 2xx
     * @param now      the instant an HTTP-date {@code Retry-After} is measured from
     * @throws IllegalArgumentException for a 2xx response
     */
    public static StepExecutionResult fromResponse(ApiResponse response, Instant now) {
        Objects.requireNonNull(response, "response");
        int status = response.statusCode();
        StatusClassification classification = classify(status);
        if (classification.success()) {
            throw new IllegalArgumentException("HTTP " + status + " is a success, not a failure");
        }
        Map<String, Object> context = requestContext(response.method(), response.uri());
        context.put("http_status", status);
        StepExecutionResult result = StepExecutionResult.failure(null, "HTTP " + status + ": " + detail(response),
                "HTTP_" + status, classification.errorType(), classification.retryable(), 0, context);
        result = result.withError(result.error().withStatusCode(status));

        Optional<RetryAfter> retryAfter = classification.retryAfterHint() == null ? Optional.empty()
                : RetryAfter.parse(response.header("retry-after").orElse(null), now);
        if (retryAfter.isPresent()) {
            OrchestrationMetadata metadata = OrchestrationMetadata.DEFAULT
                    .withHeader("Retry-After", retryAfter.get().headerValue())
                    .withBackoffHint(new BackoffHint(classification.retryAfterHint(), retryAfter.get().delaySeconds(),
                            "Retry-After from HTTP " + status));
            result = result.withOrchestrationMetadata(metadata);
        }
        return result;
    }

    /** The failure for a connection that could not be made or broke: refused, reset, DNS failure. */
    public static StepExecutionResult connectionError(String method, URI uri, Throwable cause) {
        String reason = cause == null || cause.getMessage() == null || cause.getMessage().isBlank()
                ? (cause == null ? "unknown cause" : cause.getClass().getSimpleName())
                : cause.getMessage();
        return StepExecutionResult.failure(null, "Connection to " + hostOf(uri) + " failed: " + reason,
                CONNECTION_ERROR, ErrorTypes.RETRYABLE_ERROR, true, 0, requestContext(method, uri));
    }

    /** The failure for a request that did not complete within the client timeout. */
    public static StepExecutionResult timeout(String method, URI uri, Duration timeout) {
        Map<String, Object> context = requestContext(method, uri);
        context.put("timeout_ms", timeout.toMillis());
        return StepExecutionResult.failure(null, "HTTP request to " + hostOf(uri) + " timed out after "
                + timeout.toMillis() + " ms", HTTP_TIMEOUT, ErrorTypes.TIMEOUT, true, 0, context);
    }

    /**
     * The failure for a response body larger than {@code maxBytes}: not retried (the same request would get
     * the same body), whatever the status.
     */
    public static StepExecutionResult responseTooLarge(String method, URI uri, int status, long maxBytes) {
        Map<String, Object> context = requestContext(method, uri);
        context.put("http_status", status);
        context.put("max_response_bytes", maxBytes);
        StepExecutionResult result = StepExecutionResult.failure(null, "HTTP " + status
                + ": response body is larger than " + maxBytes + " bytes", RESPONSE_TOO_LARGE,
                ErrorTypes.PERMANENT_ERROR, false, 0, context);
        return result.withError(result.error().withStatusCode(status));
    }

    /**
     * The detail of a failure message: the JSON body's {@code error}, {@code message}, {@code detail} or
     * {@code title} (the first that is a non-blank string; an {@code error} object's own {@code message}
     * counts), else the status's reason phrase. At most 500 characters.
     */
    public static String detail(ApiResponse response) {
        Object body = response.jsonBody().orElse(null);
        if (body instanceof Map<?, ?> map) {
            for (String key : new String[] {"error", "message", "detail", "title"}) {
                Object value = map.get(key);
                if (value instanceof Map<?, ?> nested && nested.get("message") instanceof String message) {
                    value = message;
                }
                if (value instanceof String text && !text.isBlank()) {
                    return text.length() > MAX_DETAIL_LENGTH ? text.substring(0, MAX_DETAIL_LENGTH) + "…" : text;
                }
            }
        }
        return ReasonPhrases.of(response.statusCode());
    }

    /** The URI without query, fragment or user info (they may hold secrets). */
    static String redact(URI uri) {
        if (uri == null) {
            return null;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            String text = uri.toString();
            int cut = text.indexOf('?');
            return cut < 0 ? text : text.substring(0, cut);
        }
    }

    private static Map<String, Object> requestContext(String method, URI uri) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("method", method);
        context.put("url", redact(uri));
        return context;
    }

    private static String hostOf(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return "(unknown host)";
        }
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
