import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator for POST /v1/steps: C clients each send requests back to back until N
 * requests are done. Prints one line: label, requests, errors, throughput and latency percentiles.
 *
 * java bench/StepLoad.java <label> <url> <concurrency> <requests> <json-body-file> [warmup]
 */
public final class StepLoad {

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI url = URI.create(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int requests = Integer.parseInt(args[3]);
        String body = java.nio.file.Files.readString(java.nio.file.Path.of(args[4]));
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : requests / 5;

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        run(client, url, body, concurrency, warmup);
        long start = System.nanoTime();
        Result result = run(client, url, body, concurrency, requests);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> lat = result.latenciesMicros;
        Collections.sort(lat);
        System.out.printf(Locale.ROOT, "%s requests=%d errors=%d throughput=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n",
                label, requests, result.errors.get(), requests / seconds, pct(lat, 50), pct(lat, 90), pct(lat, 99),
                lat.isEmpty() ? 0.0 : lat.get(lat.size() - 1) / 1000.0);
    }

    private record Result(List<Long> latenciesMicros, AtomicInteger errors) {
    }

    private static Result run(HttpClient client, URI url, String body, int concurrency, int requests) throws Exception {
        AtomicInteger remaining = new AtomicInteger(requests);
        AtomicInteger errors = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(requests));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0) {
                    String unique = body.replace("${uuid}", java.util.UUID.randomUUID().toString());
                    HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(unique)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add((System.nanoTime() - t0) / 1000);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return new Result(latencies, errors);
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
