import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP peer for the benchmarks: a webhook receiver or a slow downstream. Every request, to any path
 * and with any method, is read, held for the given delay, then answered 200 {@code {"ok":true}}. Each request
 * gets its own thread (a virtual one on Java 21+, so thousands can wait at once), so the peer itself is
 * never what limits the gateway. Binds 127.0.0.1 on a free port, prints {@code port=N} once it listens, and
 * {@code received=N} when it is stopped (SIGTERM). {@code GET /stats} answers at once (never held) with the
 * requests received and the distinct {@code webhook-id} headers among them, so a run can tell how many events
 * arrived more than once.
 *
 * java -cp CLASSES Downstream <delay-ms>
 */
public final class Downstream {

    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        long delayMs = Long.parseLong(args[0]);
        AtomicLong received = new AtomicLong();
        Set<String> webhookIds = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(perRequestThreads());
        server.createContext("/stats", exchange -> {
            try (exchange) {
                byte[] stats = ("{\"received\":" + received.get() + ",\"distinct_webhook_ids\":" + webhookIds.size()
                        + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, stats.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(stats);
                }
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.incrementAndGet();
                String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
                if (webhookId != null) {
                    webhookIds.add(webhookId);
                }
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, BODY.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(BODY);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the caller went away (a webhook attempt that timed out): nothing to answer
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("received=" + received.get())));
        System.out.println("port=" + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** A virtual thread per request where the JVM has them (looked up at run time), else an unbounded pool. */
    private static ExecutorService perRequestThreads() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool();
        }
    }
}
