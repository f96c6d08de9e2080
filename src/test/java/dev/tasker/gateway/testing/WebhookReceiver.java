package dev.tasker.gateway.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real local webhook receiver ({@code com.sun.net.httpserver}) on a free port. It records every request,
 * answers from a script of status codes (then 200, or a fixed status), and can hold requests at a latch. It
 * can also answer with a redirect to another of its paths, which records its hits and answers 200.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request: its method and path, lower-case header names to their first value, the raw body. */
    public record Received(String method, String path, Map<String, String> headers, String body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private volatile int defaultStatus = 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile String retryAfter;
    private volatile String redirectPath;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port (or the given one, to come up where a gateway already delivers). */
    public static WebhookReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                try (exchange) {
                    Map<String, String> headers = new TreeMap<>();
                    exchange.getRequestHeaders().forEach((name, values) ->
                            headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
                    String body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    String path = exchange.getRequestURI().getPath();
                    receiver.received.add(new Received(exchange.getRequestMethod(), path, headers, body, Instant.now()));
                    String redirect = receiver.redirectPath;
                    if (redirect != null) {
                        if (!path.equals(redirect)) {
                            exchange.getResponseHeaders().add("Location",
                                    "http://127.0.0.1:" + receiver.port() + redirect);
                        }
                        exchange.sendResponseHeaders(path.equals(redirect) ? 200 : 302, -1);
                        return;
                    }
                    try {
                        receiver.gate.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int status = receiver.nextStatus();
                    if (receiver.retryAfter != null) {
                        exchange.getResponseHeaders().add("Retry-After", receiver.retryAfter);
                    }
                    exchange.sendResponseHeaders(status, -1);
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("receiver did not start: " + e.getMessage(), e);
        }
    }

    public static WebhookReceiver start() {
        return start(0);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/hooks");
    }

    /** The next requests get these statuses, in order; then the default status. */
    public synchronized WebhookReceiver answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    public WebhookReceiver answerAlways(int status) {
        defaultStatus = status;
        return this;
    }

    public WebhookReceiver withRetryAfter(String value) {
        retryAfter = value;
        return this;
    }

    /**
     * Every request answers {@code 302 Found} with a {@code Location} at {@code path} of this receiver;
     * requests that reach {@code path} are recorded (see {@link #at(String)}) and answered 200.
     */
    public WebhookReceiver redirectTo(String path) {
        redirectPath = path;
        return this;
    }

    /** Requests wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    private synchronized int nextStatus() {
        Integer next = script.poll();
        return next == null ? defaultStatus : next;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} requests matching the filter arrived; returns them. */
    public List<Received> await(int count, Predicate<Received> filter, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> matching = received(filter);
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("receiver got " + received(filter).size() + " matching requests, expected "
                + count + "; all: " + received.size());
    }

    public static Predicate<Received> at(String path) {
        return r -> path.equals(r.path());
    }

    public static Predicate<Received> event(String eventName) {
        return r -> eventName.equals(r.header("ce-type"));
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
