package dev.tasker.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in its own JVM (class path of this test run), with its stdout and stderr collected line by
 * line. {@link #destroy()} sends SIGTERM.
 */
public final class ChildGateway implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private ChildGateway(Process process) {
        this.process = process;
        collect(process.getInputStream(), stdout, "stdout");
        collect(process.getErrorStream(), stderr, "stderr");
    }

    /** Starts {@code mainClass} with the given arguments and extra environment. */
    public static ChildGateway start(String mainClass, Map<String, String> env, String... args) {
        return start(Path.of(System.getProperty("java.home")), mainClass, env, args);
    }

    /** Like {@link #start(String, Map, String...)} on the JDK or JRE at {@code javaHome}. */
    public static ChildGateway start(Path javaHome, String mainClass, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("-Xmx256m");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(env);
        try {
            return new ChildGateway(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collect(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "gateway-process-" + name);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }

    /** Waits (generously) for a stdout line matching; fails with everything seen so far. */
    public synchronized String awaitLine(Predicate<String> matching, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            for (String line : stdout) {
                if (matching.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching line within " + atMost + "; stdout:\n" + String.join("\n", stdout)
                        + "\nstderr:\n" + String.join("\n", stderr));
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** The port from the start-up line. */
    public int awaitPort() throws InterruptedException {
        String line = awaitLine(l -> LISTENING.matcher(l).find(), Duration.ofSeconds(60));
        Matcher m = LISTENING.matcher(line);
        m.find();
        return Integer.parseInt(m.group(1));
    }

    public synchronized List<String> stdout() {
        return List.copyOf(stdout);
    }

    public synchronized List<String> stderr() {
        return List.copyOf(stderr);
    }

    /**
     * Sends SIGTERM (on Linux). Through the {@link ProcessHandle}: {@code Process.destroy()} sends the same
     * signal but also closes this side's pipes, so the lines the gateway writes while draining would be lost.
     */
    public void destroy() {
        process.toHandle().destroy();
    }

    /** Waits for the exit and returns its code; fails when the process is still running after the wait. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + atMost + "; stdout:\n"
                    + String.join("\n", stdout()));
        }
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
