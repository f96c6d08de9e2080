package dev.tasker.gateway.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.ErrorTypes;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.WireJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Base class of handlers that call an HTTP API (the "API handler pattern"). Subclasses implement
 * {@link #callApi(StepContext)} with the {@link #get}/{@link #post}/{@link #put}/{@link #patch}/
 * {@link #delete} helpers and answer {@link #apiResult(ApiResponse)} (or {@link #apiSuccess} with their own
 * output). Every failure is classified by the one table of contract 1.4 ({@link ApiFailures}), including
 * {@code Retry-After} and connection errors and client timeouts.
 *
 * <p>A base class rather than an interface because it owns state: one {@link HttpClient} per handler
 * instance (HTTP/1.1, never following redirects by itself), shared by every step the handler runs.
 * Decision and batch helpers are interfaces ({@link DecisionStepHandler}, {@link BatchableStepHandler}),
 * so an API handler can be a decision handler too.
 *
 * <p>Handler config ({@code step_definition.handler.initialization}) read on every call:
 * <ul>
 *   <li>{@code base_url}: prefix of relative paths (an absolute {@code http(s)://} URL is used as is);</li>
 *   <li>{@code timeout_ms}: the time one request may take, from sending it to the last byte of the
 *       response body, default {@link #defaultTimeout()} (10 s); past it the step fails with
 *       {@code timeout} {@code HTTP_TIMEOUT} (each followed redirect gets its own);</li>
 *   <li>{@code headers}: an object of headers sent with every request (per-call headers win);</li>
 *   <li>{@code max_response_bytes}: the largest body read, default {@link #defaultMaxResponseBytes()}
 *       (10 MiB); a larger one fails the step with {@code permanent_error} {@code RESPONSE_TOO_LARGE};</li>
 *   <li>{@code follow_redirects}: {@code true} follows up to 5 redirects (303, and 301/302 after a POST,
 *       become a GET; never from https to http; headers are not sent to another origin); otherwise a 3xx
 *       is a {@code permanent_error}.</li>
 * </ul>
 * An invalid value of these fails the step with {@code validation_error} {@code INVALID_CONFIG}.
 *
 * <p>Thread-safety: instances are shared by concurrent steps; the helpers are thread-safe. Keep any state
 * of your own immutable. The helpers respond to interruption (the step deadline) by throwing
 * {@link InterruptedException}.
 */
public abstract class ApiStepHandler implements StepHandler {

    /** {@code error_code} for an invalid {@code base_url}, {@code timeout_ms}, {@code headers}, ... or URL. */
    public static final String INVALID_CONFIG = "INVALID_CONFIG";

    private static final ObjectMapper MAPPER = WireJson.newObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private final HttpClient client;
    private final Clock clock;

    /** A handler with its own HTTP/1.1 client (10 s connect timeout, redirects not followed). */
    protected ApiStepHandler() {
        this(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build(), Clock.systemUTC());
    }

    /**
     * A handler using the given client (for custom TLS, proxies or executors) and clock (for HTTP-date
     * {@code Retry-After}). The client must not follow redirects itself; use {@code follow_redirects}.
     */
    protected ApiStepHandler(HttpClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the client must use Redirect.NEVER; set follow_redirects instead");
        }
    }

    /** {@code api}. */
    @Override
    public String kind() {
        return "api";
    }

    /** {@code http}. */
    @Override
    public List<String> capabilities() {
        return List.of("http");
    }

    /**
     * Runs {@link #callApi}; an {@link ApiCallException} becomes its classified result. Fills a missing
     * {@code step_uuid} from the context.
     */
    @Override
    public final StepExecutionResult call(StepContext context) throws Exception {
        StepExecutionResult result;
        try {
            result = callApi(context);
        } catch (ApiCallException e) {
            result = e.result();
        }
        return result == null || result.stepUuid() != null ? result : result.withStepUuid(context.stepUuid());
    }

    /**
     * The handler's work. Same contract as {@link StepHandler#call}; additionally an
     * {@link ApiCallException} (thrown by the helpers on connection errors and timeouts, or by
     * {@link #requireSuccess}) is answered as its classified failure.
     */
    protected abstract StepExecutionResult callApi(StepContext context) throws Exception;

    /** The request timeout when the config has no {@code timeout_ms}: 10 seconds. */
    protected Duration defaultTimeout() {
        return Duration.ofSeconds(10);
    }

    /** The largest response body read when the config has no {@code max_response_bytes}: 10 MiB. */
    protected long defaultMaxResponseBytes() {
        return 10L * 1024 * 1024;
    }

    // ---- request helpers ----

    /** GET {@code path} (relative to {@code base_url}, or absolute). */
    protected final ApiResponse get(StepContext context, String path) throws InterruptedException {
        return send(context, "GET", path, Map.of(), null);
    }

    /** GET with extra headers (null means none). */
    protected final ApiResponse get(StepContext context, String path, Map<String, String> headers)
            throws InterruptedException {
        return send(context, "GET", path, headers, null);
    }

    /** POST {@code body} as JSON (null sends no body). */
    protected final ApiResponse post(StepContext context, String path, Object body) throws InterruptedException {
        return send(context, "POST", path, Map.of(), body);
    }

    /** PUT {@code body} as JSON (null sends no body). */
    protected final ApiResponse put(StepContext context, String path, Object body) throws InterruptedException {
        return send(context, "PUT", path, Map.of(), body);
    }

    /** PATCH {@code body} as JSON (null sends no body). */
    protected final ApiResponse patch(StepContext context, String path, Object body) throws InterruptedException {
        return send(context, "PATCH", path, Map.of(), body);
    }

    /** DELETE {@code path}. */
    protected final ApiResponse delete(StepContext context, String path) throws InterruptedException {
        return send(context, "DELETE", path, Map.of(), null);
    }

    /**
     * Sends one request and returns the response whatever its status (use {@link #apiResult} or
     * {@link #requireSuccess} to classify it).
     *
     * @param method   any HTTP method, case-insensitive
     * @param path     relative to the config's {@code base_url}, or an absolute {@code http(s)} URL
     * @param headers  extra headers over the config's {@code headers}; may be null
     * @param jsonBody serialized as JSON with {@code Content-Type: application/json}; null sends no body
     * @throws ApiCallException     on a connection error ({@code CONNECTION_ERROR}), a client timeout
     *                              ({@code HTTP_TIMEOUT}) or invalid config ({@code INVALID_CONFIG})
     * @throws InterruptedException when the step's deadline interrupts the call
     */
    protected final ApiResponse send(StepContext context, String method, String path, Map<String, String> headers,
                                     Object jsonBody) throws InterruptedException {
        String verb = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        URI uri = resolve(context, path);
        Duration timeout = timeout(context);
        Map<String, String> allHeaders = new LinkedHashMap<>(configHeaders(context));
        if (headers != null) {
            allHeaders.putAll(headers);
        }
        byte[] body = jsonBody == null ? null : toJson(jsonBody);
        boolean follow = Boolean.TRUE.equals(context.getConfig("follow_redirects"));

        long maxResponseBytes = maxResponseBytes(context);
        ApiResponse response = exchange(verb, uri, allHeaders, body, timeout, maxResponseBytes);
        for (int hop = 0; follow && hop < MAX_REDIRECTS; hop++) {
            Optional<URI> target = redirectTarget(response);
            if (target.isEmpty()) {
                break;
            }
            boolean keepMethod = response.statusCode() == 307 || response.statusCode() == 308
                    || (response.statusCode() != 303 && !verb.equals("POST"));
            if (!keepMethod) {
                verb = "GET";
                body = null;
            }
            if (!sameOrigin(response.uri(), target.get())) {
                allHeaders = Map.of();
            }
            response = exchange(verb, target.get(), allHeaders, body, timeout, maxResponseBytes);
        }
        return response;
    }

    // ---- results ----

    /** A success with the default API output {@code {status_code, headers, body}} (body parsed when JSON). */
    protected final StepExecutionResult apiSuccess(ApiResponse response) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status_code", response.statusCode());
        output.put("headers", response.singleValuedHeaders());
        output.put("body", response.bodyValue());
        return StepExecutionResult.success(null, output);
    }

    /** A success with the handler's own output (any JSON-serializable value). */
    protected final StepExecutionResult apiSuccess(ApiResponse response, Object output) {
        Objects.requireNonNull(response, "response");
        return StepExecutionResult.success(null, output);
    }

    /**
     * The failure a non-2xx response means (contract 1.4).
     *
     * @throws IllegalArgumentException for a 2xx response
     */
    protected final StepExecutionResult apiFailure(ApiResponse response) {
        return ApiFailures.fromResponse(response, clock.instant());
    }

    /** {@link #apiSuccess(ApiResponse)} for a 2xx, else {@link #apiFailure}. */
    protected final StepExecutionResult apiResult(ApiResponse response) {
        return response.isSuccess() ? apiSuccess(response) : apiFailure(response);
    }

    /**
     * Returns a 2xx response; throws the classified failure of any other, which {@link #call} answers.
     *
     * @throws ApiCallException for a non-2xx response
     */
    protected final ApiResponse requireSuccess(ApiResponse response) {
        if (!response.isSuccess()) {
            throw new ApiCallException(apiFailure(response));
        }
        return response;
    }

    // ---- internals ----

    private ApiResponse exchange(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                                 long maxResponseBytes) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
            builder.header("Content-Type", "application/json");
        }
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("accept"))) {
            builder.header("Accept", "application/json, */*;q=0.5");
        }
        try {
            headers.forEach(builder::header);
        } catch (IllegalArgumentException e) {
            throw invalidConfig("a request header is not allowed: " + e.getMessage());
        }
        // The request timeout of the JDK client ends when the headers arrive; the bounded get() below
        // also covers the body, so a downstream that stalls mid-body is a client timeout too.
        BoundedBodySubscriber subscriber =
                new BoundedBodySubscriber(Math.min(maxResponseBytes, Integer.MAX_VALUE - 9L));
        CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> call =
                client.sendAsync(builder.build(), info -> subscriber);
        HttpResponse<BoundedBodySubscriber.Body> response;
        try {
            response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel(call, subscriber);
            throw new ApiCallException(ApiFailures.timeout(method, uri, timeout));
        } catch (InterruptedException e) {
            cancel(call, subscriber);
            throw e;
        } catch (ExecutionException e) {
            throw failureOf(e.getCause(), method, uri, timeout);
        }
        if (response.body().tooLarge()) {
            throw new ApiCallException(ApiFailures.responseTooLarge(method, uri, response.statusCode(),
                    maxResponseBytes));
        }
        Charset charset = charsetOf(response.headers().firstValue("content-type").orElse(""));
        return new ApiResponse(method, uri, response.statusCode(), response.headers().map(),
                new String(response.body().bytes(), charset));
    }

    private static void cancel(CompletableFuture<?> call, BoundedBodySubscriber subscriber) {
        call.cancel(true);
        subscriber.abort();
    }

    /** What a failed exchange means, as {@link HttpClient#send} would have thrown it. */
    private static RuntimeException failureOf(Throwable cause, String method, URI uri, Duration timeout) {
        Throwable failure = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (failure instanceof HttpTimeoutException) {
            return new ApiCallException(ApiFailures.timeout(method, uri, timeout));
        }
        if (failure instanceof IllegalArgumentException || failure instanceof SecurityException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new ApiCallException(ApiFailures.connectionError(method, uri, failure));
    }

    /** Where a followable redirect points: 301/302/303/307/308 with a valid Location, never https to http. */
    private static Optional<URI> redirectTarget(ApiResponse response) {
        if (!REDIRECTS.contains(response.statusCode()) || response.header("location").isEmpty()) {
            return Optional.empty();
        }
        try {
            URI target = response.uri().resolve(response.header("location").get());
            boolean http = "http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme());
            boolean downgrade = "https".equalsIgnoreCase(response.uri().getScheme())
                    && "http".equalsIgnoreCase(target.getScheme());
            return http && !downgrade && target.getHost() != null ? Optional.of(target) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private URI resolve(StepContext context, String path) {
        Objects.requireNonNull(path, "path");
        String target = path;
        if (!hasHttpScheme(path)) {
            Object base = context.getConfig("base_url");
            if (!(base instanceof String baseUrl) || !hasHttpScheme(baseUrl)) {
                throw invalidConfig("handler config 'base_url' must be an http(s) URL to call the relative path '"
                        + path + "'");
            }
            target = stripTrailingSlash(baseUrl) + (path.startsWith("/") || path.isEmpty() ? path : "/" + path);
        }
        try {
            URI uri = new URI(target);
            if (uri.getHost() == null) {
                throw new URISyntaxException(target, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalidConfig("not a valid URL (" + e.getReason() + ")");
        }
    }

    private Duration timeout(StepContext context) {
        Object value = context.getConfig("timeout_ms");
        if (value == null) {
            return defaultTimeout();
        }
        if (value instanceof Number number && number.longValue() > 0 && number.doubleValue() == number.longValue()) {
            return Duration.ofMillis(number.longValue());
        }
        throw invalidConfig("handler config 'timeout_ms' must be a positive integer, got " + value);
    }

    private long maxResponseBytes(StepContext context) {
        Object value = context.getConfig("max_response_bytes");
        if (value == null) {
            return defaultMaxResponseBytes();
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() > 0) {
            return ((Number) value).longValue();
        }
        throw invalidConfig("handler config 'max_response_bytes' must be a positive integer, got " + value);
    }

    private static Charset charsetOf(String contentType) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(trimmed.substring(8).replace("\"", "").trim());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Map<String, String> configHeaders(StepContext context) {
        Object value = context.getConfig("headers");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalidConfig("handler config 'headers' must be an object of strings");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String text)) {
                throw invalidConfig("handler config header '" + entry.getKey() + "' must be a string");
            }
            String name = String.valueOf(entry.getKey());
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalidConfig("handler config header '" + name + "' cannot be set");
            }
            headers.put(name, text);
        }
        return headers;
    }

    private static byte[] toJson(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not JSON-serializable: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean hasHttpScheme(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String stripTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static ApiCallException invalidConfig(String message) {
        return new ApiCallException(StepExecutionResult.failure(null, message, INVALID_CONFIG,
                ErrorTypes.VALIDATION_ERROR, false));
    }
}
