package dev.tasker.gateway.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin jar's class loader. Its parent is the application's loader, so the SPI and model types have
 * one identity for the gateway and every plugin, while the jar's other classes stay private to it.
 *
 * <p>Counts the steps running on the jar's code. Once {@link #retire() retired} (a reload dropped or
 * replaced the jar) it closes itself as soon as nothing runs on it; a use begun after that is refused.
 * Thread-safe.
 *
 * <pre>
 *   OPEN --retire()--> RETIRED --last use ends--> CLOSED
 *     \_______________retire() with no use running___/
 * </pre>
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginClassLoader.class);

    private final String jarName;
    private int inUse;
    private boolean retired;
    private boolean closed;
    private Runnable whenClosed;

    PluginClassLoader(String jarName, URL jar, ClassLoader parent) {
        super("plugin:" + jarName, new URL[] {jar}, parent);
        this.jarName = jarName;
    }

    public String jarName() {
        return jarName;
    }

    /** Begins one use of the jar's code; false when the loader is already closed. */
    public synchronized boolean tryAcquire() {
        if (closed) {
            return false;
        }
        inUse++;
        return true;
    }

    /** Ends a use begun with {@link #tryAcquire()}; the last one of a retired loader closes it. */
    public void release() {
        boolean closeNow;
        synchronized (this) {
            inUse--;
            closeNow = retired && inUse == 0 && !closed;
            closed |= closeNow;
        }
        if (closeNow) {
            closeQuietly();
        }
    }

    /** The jar is no longer in the active registry: close once nothing runs on it. */
    public void retire() {
        retire(null);
    }

    /**
     * Like {@link #retire()}, and runs {@code whenClosed} (on the thread that closes the loader, at most
     * once) right after the loader closed, so whoever still holds the jar can let it go.
     */
    public void retire(Runnable whenClosed) {
        boolean closeNow;
        synchronized (this) {
            retired = true;
            this.whenClosed = whenClosed;
            closeNow = inUse == 0 && !closed;
            closed |= closeNow;
        }
        if (closeNow) {
            closeQuietly();
        }
    }

    public synchronized int inUse() {
        return inUse;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void closeQuietly() {
        try {
            close();
            LOG.info("plugin {}: class loader closed", jarName);
        } catch (IOException e) {
            LOG.warn("plugin {}: class loader did not close cleanly: {}", jarName, e.toString());
        }
        Runnable callback;
        synchronized (this) {
            callback = whenClosed;
            whenClosed = null;
        }
        if (callback != null) {
            callback.run();
        }
    }
}
