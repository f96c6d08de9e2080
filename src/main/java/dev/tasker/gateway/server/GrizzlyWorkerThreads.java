package dev.tasker.gateway.server;

import java.util.concurrent.ThreadFactory;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.memory.ThreadLocalPool;
import org.glassfish.grizzly.memory.ThreadLocalPoolProvider;
import org.glassfish.grizzly.threadpool.DefaultWorkerThread;

/**
 * Makes the platform threads step requests wait on as Grizzly worker threads, each with its own buffer pool of
 * the transport's memory manager. A step's answer is written from the thread its request waited on; Grizzly
 * takes the output buffers and per-thread caches of its own threads from those pools and allocates anew on any
 * other thread: about 26 KB a response, a tenth of what a step allocated (JFR allocation samples).
 * Virtual threads (Java 21+) cannot be these; there the answers allocate as before.
 */
final class GrizzlyWorkerThreads implements ThreadFactory {

    @Override
    public Thread newThread(Runnable runnable) {
        MemoryManager memory = MemoryManager.DEFAULT_MEMORY_MANAGER;
        ThreadLocalPool<?> pool = memory instanceof ThreadLocalPoolProvider provider
                ? provider.createThreadLocalPool() : null;
        return new DefaultWorkerThread(AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER, "step-request", pool, runnable);
    }
}
