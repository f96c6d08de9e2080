import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop load generator for POST /v1/steps: C clients each send requests back to back until N
 * requests are done (after a warm-up of the same kind). Every {@code ${uuid}} in the body is replaced by a
 * new UUID per request (one value for all occurrences), so each step has its own workflow_step_uuid and
 * really runs instead of being answered from the idempotency store. For a body of several steps
 * (POST /v1/steps/batch), every {@code ${uuid:K}} (K any word) is replaced by a new UUID per request and K:
 * the same K gives the same value within one request, different Ks different values.
 *
 * <p>Given steps-per-request S (default 1: one step a request), {@code step_throughput} is requests/s × S
 * and {@code gw_cpu_ms_per_step} is the gateway's CPU over requests × S steps; both fields appear only
 * when S is given. Latencies and errors are always per request.
 *
 * <p>Prints one line of {@code key=value} fields: label, requests, errors (non-200 answers and failed
 * requests, counted by status in {@code statuses}), throughput and latency percentiles of the measured
 * requests. Given the gateway's pid (Linux), it also reports what the gateway process used during the
 * measured requests only: CPU time per request, the part of it the JIT compiler threads took ({@code
 * gw_jit_share}: code still being compiled, not steady state), and the peak of its OS thread count and resident
 * memory (sampled from /proc every 50 ms).
 *
 * <p>Clients run on virtual threads where the JVM has them (Java 21+), so 1000 clients cost the load
 * generator 1000 cheap threads, not 1000 platform ones.
 *
 * <p>{@code requests} may be a duration instead ({@code 60s}): the clients then send back to back until it has
 * passed, and {@code requests} in the output counts what they completed (the warm-up stays a count).
 *
 * java bench/StepLoad.java <label> <url> <concurrency> <requests|Ns> <json-body-file> [warmup] [gateway-pid]
 *     [steps-per-request]
 */
public final class StepLoad {

    /** Linux USER_HZ: /proc/PID/stat counts CPU time in ticks of 1/100 s. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** A {@code ${uuid:K}} token: one UUID per request and K. */
    private static final Pattern KEYED_UUID = Pattern.compile("\\$\\{uuid:(\\w+)\\}");

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: StepLoad <label> <url> <concurrency> <requests> <json-body-file> [warmup] [gateway-pid]"
                    + " [steps-per-request]");
            System.exit(2);
        }
        String label = args[0];
        URI url = URI.create(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        boolean timed = args[3].endsWith("s");
        long durationNanos = timed ? (long) (Double.parseDouble(args[3].substring(0, args[3].length() - 1)) * 1e9) : 0;
        int requests = timed ? Integer.MAX_VALUE : Integer.parseInt(args[3]);
        String body = Files.readString(Path.of(args[4]));
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : timed ? 0 : requests / 5;
        Long gatewayPid = args.length > 6 && !args[6].isEmpty() ? Long.valueOf(args[6]) : null;
        Integer stepsPerRequest = args.length > 7 ? Integer.valueOf(args[7]) : null;

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        if (warmup > 0) {
            run(client, url, body, concurrency, warmup, Long.MAX_VALUE);
        }
        ProcessSampler sampler = gatewayPid == null ? null : ProcessSampler.start(gatewayPid);
        long start = System.nanoTime();
        Result result = run(client, url, body, concurrency, requests, timed ? start + durationNanos : Long.MAX_VALUE);
        double seconds = (System.nanoTime() - start) / 1e9;
        requests = result.latenciesMicros().length;
        long steps = (long) requests * (stepsPerRequest == null ? 1 : stepsPerRequest);
        ProcessSampler.Usage usage = sampler == null ? null : sampler.stop();

        long[] lat = result.latenciesMicros();
        Arrays.sort(lat);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%s requests=%d errors=%d statuses=%s throughput=%.1f/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms",
                label, requests, result.errors(), result.statuses(), requests / seconds, pct(lat, 50), pct(lat, 90),
                pct(lat, 99), lat.length == 0 ? 0.0 : lat[lat.length - 1] / 1000.0));
        if (stepsPerRequest != null) {
            line.append(String.format(Locale.ROOT, " steps_per_request=%d steps=%d step_throughput=%.1f/s",
                    stepsPerRequest, steps, steps / seconds));
        }
        if (usage != null) {
            line.append(String.format(Locale.ROOT,
                    " gw_cpu_ms_per_step=%.3f gw_peak_threads=%d gw_peak_rss_mib=%.0f gw_jit_share=%.2f",
                    usage.cpuSeconds() * 1000 / steps, usage.peakThreads(), usage.peakRssKib() / 1024.0,
                    usage.jitShare()));
        }
        System.out.println(line);
    }

    private record Result(long[] latenciesMicros, int errors, Map<String, Integer> statuses) {
    }

    private static Result run(HttpClient client, URI url, String body, int concurrency, int requests,
                              long deadlineNanos) throws Exception {
        AtomicInteger next = new AtomicInteger();
        boolean keyed = KEYED_UUID.matcher(body).find();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = clientThreads(concurrency);
        List<long[]> perClient = new ArrayList<>();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                futures.add(clients.submit(() -> {
                    long[] latencies = new long[1024];
                    int done = 0;
                    while (System.nanoTime() < deadlineNanos && next.getAndIncrement() < requests) {
                        String unique = body.replace("${uuid}", UUID.randomUUID().toString());
                        if (keyed) {
                            unique = withKeyedUuids(unique);
                        }
                        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(120))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(unique)).build();
                        long t0 = System.nanoTime();
                        String status;
                        try {
                            status = String.valueOf(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
                        } catch (Exception e) {
                            status = e.getClass().getSimpleName();
                        }
                        if (done == latencies.length) {
                            latencies = Arrays.copyOf(latencies, done * 2);
                        }
                        latencies[done++] = (System.nanoTime() - t0) / 1000;
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return Arrays.copyOf(latencies, done);
                }));
            }
            for (Future<long[]> f : futures) {
                perClient.add(f.get());
            }
        } finally {
            clients.shutdownNow();
        }
        long[] latencies = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        int ok = counts.getOrDefault("200", 0);
        return new Result(latencies, latencies.length - ok, counts);
    }

    /** The body with every {@code ${uuid:K}} replaced: a new UUID per K, the same one for each K's occurrences. */
    private static String withKeyedUuids(String body) {
        Map<String, String> uuids = new HashMap<>();
        Matcher m = KEYED_UUID.matcher(body);
        StringBuilder out = new StringBuilder(body.length() + 256);
        while (m.find()) {
            m.appendReplacement(out, uuids.computeIfAbsent(m.group(1), k -> UUID.randomUUID().toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A virtual thread per client where the JVM has them (looked up at run time), else platform threads. */
    private static ExecutorService clientThreads(int concurrency) {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newFixedThreadPool(concurrency);
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    /** Samples another process's /proc entries (Linux) on a daemon thread while the load runs. */
    private static final class ProcessSampler {

        /** @param jitShare the JIT compiler threads' part of the CPU time (what is still being compiled) */
        record Usage(double cpuSeconds, int peakThreads, long peakRssKib, double jitShare) {
        }

        private final long pid;
        private final long cpuTicksAtStart;
        private final Map<String, Long> threadTicksAtStart;
        private final AtomicLong peakThreads = new AtomicLong();
        private final AtomicLong peakRssKib = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private ProcessSampler(long pid) {
            this.pid = pid;
            this.cpuTicksAtStart = cpuTicks();
            this.threadTicksAtStart = threadTicks();
            sample();
            this.thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "process-sampler");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        static ProcessSampler start(long pid) {
            return new ProcessSampler(pid);
        }

        Usage stop() throws InterruptedException {
            running = false;
            thread.join();
            sample();
            long ticks = cpuTicks() - cpuTicksAtStart;
            long jit = 0;
            for (Map.Entry<String, Long> thread : threadTicks().entrySet()) {
                if (thread.getKey().contains("CompilerThre")) { // "C2 CompilerThre" (comm is cut at 15)
                    jit += thread.getValue() - threadTicksAtStart.getOrDefault(thread.getKey(), 0L);
                }
            }
            return new Usage(ticks / TICKS_PER_SECOND, (int) peakThreads.get(), peakRssKib.get(),
                    ticks == 0 ? 0 : (double) jit / ticks);
        }

        /** utime + stime of each thread, by task id and name ({@code /proc/PID/task/TID/stat}). */
        private Map<String, Long> threadTicks() {
            Map<String, Long> ticks = new java.util.HashMap<>();
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(task.getFileName() + "/" + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    } catch (Exception e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (Exception e) {
                // the process is gone or this is not Linux
            }
            return ticks;
        }

        private void sample() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("Threads:")) {
                        peakThreads.accumulateAndGet(Long.parseLong(line.substring(8).trim()), Math::max);
                    } else if (line.startsWith("VmRSS:")) {
                        peakRssKib.accumulateAndGet(Long.parseLong(line.substring(6).replace("kB", "").trim()), Math::max);
                    }
                }
            } catch (Exception e) {
                // the process is gone or this is not Linux: the peaks stay what they were
            }
        }

        /** utime + stime of the process (fields 14 and 15 of /proc/PID/stat, after the command name). */
        private long cpuTicks() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                return 0;
            }
        }
    }
}
