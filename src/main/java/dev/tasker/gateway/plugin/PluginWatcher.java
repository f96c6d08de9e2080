package dev.tasker.gateway.plugin;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the plugins when a jar of the folder is created, changed or deleted. Changes are debounced: the
 * reload runs once the folder has been quiet for the debounce time, so a jar being copied in is read once,
 * whole. Runs on one daemon thread between {@link #start()} and {@link #stop()}.
 */
public final class PluginWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);

    private final PluginManager manager;
    private final Path folder;
    private final Duration debounce;
    private WatchService watchService;
    private Thread thread;

    public PluginWatcher(PluginManager manager, Duration debounce) {
        this.manager = manager;
        this.folder = manager.repository().folder();
        this.debounce = debounce;
    }

    public synchronized void start() throws IOException {
        watchService = FileSystems.getDefault().newWatchService();
        folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::watch, "plugin-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for plugin changes", folder);
    }

    public synchronized void stop() throws InterruptedException {
        if (watchService == null) {
            return;
        }
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("plugin watcher did not close cleanly: {}", e.toString());
        }
        thread.join(TimeUnit.SECONDS.toMillis(10));
        watchService = null;
    }

    private void watch() {
        WatchService service = watchService;
        try {
            while (true) {
                if (!drain(service.take())) {
                    continue;
                }
                // debounce: wait until the folder has been quiet for the whole debounce time
                WatchKey more;
                while ((more = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    manager.reload();
                } catch (RuntimeException e) {
                    LOG.error("plugin reload after a folder change failed", e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("plugin watcher stopped");
        }
    }

    /** Consumes the key's events; true when one of them concerns a jar (or events were lost). */
    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
            } else if (event.context() instanceof Path name
                    && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
                relevant = true;
            }
        }
        if (!key.reset()) {
            LOG.warn("plugins folder {} is gone; no longer watching it", folder);
        }
        return relevant;
    }
}
