package dev.tasker.gateway.execution;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads handlers run on: virtual threads on Java 21 and newer (looked up at run time, the build
 * stays on 17), otherwise a cached pool of daemon platform threads. Either way the number of threads is
 * bounded by {@link Admission}, not here.
 */
final class HandlerThreads {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerThreads.class);

    private HandlerThreads() {
    }

    /** @param namePrefix names the platform threads ({@code step-handler-1}, ...) when there are no virtual ones */
    static ExecutorService create(String namePrefix) {
        return create(namePrefix, null);
    }

    /**
     * @param platformThreads makes the platform threads (named {@code namePrefix} and a number, daemons) when
     *                        there are no virtual ones; null for plain threads
     */
    static ExecutorService create(String namePrefix, ThreadFactory platformThreads) {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            ExecutorService executor = (ExecutorService) factory.invoke(null);
            LOG.debug("handlers run on virtual threads");
            return executor;
        } catch (NoSuchMethodException e) {
            LOG.debug("Java {} has no virtual threads; handlers run on platform threads",
                    Runtime.version().feature());
        } catch (ReflectiveOperationException e) {
            LOG.warn("virtual threads unavailable ({}); handlers run on platform threads", e.toString());
        }
        AtomicLong counter = new AtomicLong();
        ThreadFactory threads = runnable -> {
            Thread thread = platformThreads == null ? new Thread(runnable) : platformThreads.newThread(runnable);
            thread.setName(namePrefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newCachedThreadPool(threads);
    }

    /** True when this JVM offers virtual threads. */
    static boolean virtualThreadsAvailable() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
