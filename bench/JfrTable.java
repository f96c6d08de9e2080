import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording's {@code jdk.ExecutionSample} events and prints two markdown tables: the share of
 * samples by library (the package of the first frame, from the top of the stack, that is not the JDK; a stack
 * of JDK frames only counts as "JDK") and by thread (digits in thread names folded to N, so that pools count
 * as one). Optionally two more: the top frames (method) of the samples, and the first gateway frame from the top
 * (the gateway method that called into a library, or ran itself).
 *
 * java bench/JfrTable.java <recording.jfr> [top-frames]
 */
public final class JfrTable {

    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("dev.tasker.", "gateway");
        LIBRARIES.put("org.h2.", "H2");
        LIBRARIES.put("org.postgresql.", "PostgreSQL driver");
        LIBRARIES.put("com.zaxxer.", "HikariCP");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("com.networknt.", "json-schema-validator");
        LIBRARIES.put("org.glassfish.jersey.", "Jersey/HK2");
        LIBRARIES.put("org.glassfish.hk2.", "Jersey/HK2");
        LIBRARIES.put("org.jvnet.hk2.", "Jersey/HK2");
        LIBRARIES.put("jakarta.", "Jersey/HK2");
        LIBRARIES.put("org.glassfish.grizzly.", "Grizzly");
        LIBRARIES.put("org.apache.hc.", "Apache HttpClient");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("ch.qos.logback.", "Logback");
        LIBRARIES.put("org.slf4j.", "Logback");
    }

    public static void main(String[] args) throws Exception {
        int topFrames = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Map<String, Integer> byLibrary = new TreeMap<>();
        Map<String, Integer> byThread = new TreeMap<>();
        Map<String, Integer> byFrame = new TreeMap<>();
        Map<String, Integer> byGatewayFrame = new TreeMap<>();
        int total = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                total++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                byLibrary.merge(library(frames), 1, Integer::sum);
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                byThread.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
                if (!frames.isEmpty()) {
                    RecordedFrame top = frames.get(0);
                    byFrame.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1,
                            Integer::sum);
                }
                byGatewayFrame.merge(gatewayFrame(frames), 1, Integer::sum);
            }
        }
        System.out.println("JFR execution samples: " + total);
        System.out.println();
        print("library (first non-JDK frame)", byLibrary, total, Integer.MAX_VALUE);
        print("thread", byThread, total, 12);
        if (topFrames > 0) {
            print("top frame", byFrame, total, topFrames);
            print("first gateway frame", byGatewayFrame, total, topFrames);
        }
    }

    private static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
                if (type.startsWith(library.getKey())) {
                    return library.getValue();
                }
            }
            if (!(type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                    || type.startsWith("sun.") || type.startsWith("com.sun."))) {
                return "other";
            }
        }
        return "JDK";
    }

    private static String gatewayFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("dev.tasker.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return "(none)";
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println("| " + title + " | share |");
        System.out.println("|---|---|");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.println(String.format(Locale.ROOT, "| %s | %.0f %% |", e.getKey(),
                        100.0 * e.getValue() / Math.max(1, total))));
        System.out.println();
    }
}
