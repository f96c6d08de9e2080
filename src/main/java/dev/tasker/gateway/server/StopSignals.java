package dev.tasker.gateway.server;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Replaces the JVM's handling of SIGTERM and SIGINT so the gateway can drain and exit 0 (as process
 * managers expect from a clean stop) instead of the JVM's 143. Uses {@code sun.misc.Signal}
 * ({@code jdk.unsupported}), present on every HotSpot JVM; where it is missing the shutdown hook alone
 * still drains, with the JVM's exit code.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void onTerminate(Consumer<String> action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> new Thread(() -> action.accept("SIG" + signal.getName()),
                        "gateway-sig" + name.toLowerCase(java.util.Locale.ROOT)).start());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("cannot handle SIG{} ({}); relying on the shutdown hook", name, e.toString());
            }
        }
    }
}
