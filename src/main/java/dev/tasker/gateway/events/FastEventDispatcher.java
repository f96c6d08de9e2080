package dev.tasker.gateway.events;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands {@code fast} and {@code broadcast} events to in-process {@link StepEventListener}s on a small
 * background pool with a bounded queue. Best effort: when the queue is full the event is dropped and logged,
 * so a slow listener never slows a step. Thread-safe.
 */
public final class FastEventDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FastEventDispatcher.class);

    private final List<StepEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor pool;

    public FastEventDispatcher(int threads, int queueCapacity) {
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), runnable -> {
                    Thread thread = new Thread(runnable, "fast-events");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    public void addListener(StepEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(StepEventListener listener) {
        listeners.remove(listener);
    }

    /** Queues the fast events among these for every listener; returns at once. */
    public void dispatch(List<PublishedEvent> events) {
        dispatch(events, null);
    }

    /** Like {@link #dispatch(List)}, passing the step request's {@code traceparent} (may be null) on. */
    public void dispatch(List<PublishedEvent> events, String traceparent) {
        for (PublishedEvent event : events) {
            if (!event.fast()) {
                continue;
            }
            for (StepEventListener listener : listeners) {
                try {
                    pool.execute(() -> deliver(listener, event, traceparent));
                } catch (RejectedExecutionException e) {
                    LOG.warn("fast event {} ({}) dropped: the in-process queue is full", event.event().eventId(),
                            event.event().eventName());
                }
            }
        }
    }

    private static void deliver(StepEventListener listener, PublishedEvent event, String traceparent) {
        try {
            listener.onEvent(event, traceparent);
        } catch (RuntimeException e) {
            LOG.warn("event listener {} failed for event {}: {}", listener.getClass().getName(),
                    event.event().eventId(), e.toString());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
