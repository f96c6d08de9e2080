package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.threadpool.DefaultWorkerThread;
import org.junit.jupiter.api.Test;

/**
 * Answers are written from the threads step requests wait on; made by {@link GrizzlyWorkerThreads}, those take
 * Grizzly's buffers from their own pool instead of allocating each one.
 */
class GrizzlyWorkerThreadsTest {

    @Test
    void aBufferDisposedOnSuchAThreadIsReusedByItsNextAllocation() throws Exception {
        assertThat(reusesBuffers(new GrizzlyWorkerThreads())).isTrue();
        assertThat(reusesBuffers(Thread::new)).as("a plain thread allocates every buffer").isFalse();
    }

    @Test
    void theThreadsAreGrizzlyWorkerThreads() throws Exception {
        CompletableFuture<Thread> seen = new CompletableFuture<>();
        Thread thread = new GrizzlyWorkerThreads().newThread(() -> seen.complete(Thread.currentThread()));
        thread.start();
        assertThat(seen.get()).isInstanceOf(DefaultWorkerThread.class);
        assertThat(((DefaultWorkerThread) seen.get()).getMemoryPool()).isNotNull();
    }

    private static boolean reusesBuffers(ThreadFactory threads) throws Exception {
        CompletableFuture<Boolean> reused = new CompletableFuture<>();
        Thread thread = threads.newThread(() -> {
            Buffer first = MemoryManager.DEFAULT_MEMORY_MANAGER.allocate(4096);
            byte[] array = first.array();
            first.tryDispose();
            Buffer second = MemoryManager.DEFAULT_MEMORY_MANAGER.allocate(4096);
            reused.complete(second.array() == array);
        });
        thread.start();
        return reused.get();
    }
}
