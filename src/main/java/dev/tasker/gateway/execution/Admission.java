package dev.tasker.gateway.execution;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the steps in flight, globally and per handler. Never queues: past a bound the step is refused at
 * once with {@link StepOverloadedException}. A permit is held until the handler's thread is done, so a
 * handler that ignores its deadline keeps counting against the bound. Thread-safe.
 */
public final class Admission {

    private static final long RETRY_AFTER_SECONDS = 1;

    private final int maxInFlight;
    private final int maxPerHandler;
    private final Semaphore global;
    private final ConcurrentHashMap<String, Semaphore> perHandler = new ConcurrentHashMap<>();

    public Admission(int maxInFlight, int maxPerHandler) {
        this.maxInFlight = maxInFlight;
        this.maxPerHandler = maxPerHandler;
        this.global = new Semaphore(maxInFlight);
    }

    /**
     * Takes one global and one handler permit.
     *
     * @throws StepOverloadedException when either bound is reached
     */
    public Permit acquire(String handlerName) {
        if (!global.tryAcquire()) {
            throw new StepOverloadedException(
                    "the gateway is running its maximum of " + maxInFlight + " steps", RETRY_AFTER_SECONDS);
        }
        Semaphore handlerPermits = perHandler.computeIfAbsent(handlerName, k -> new Semaphore(maxPerHandler));
        if (!handlerPermits.tryAcquire()) {
            global.release();
            throw new StepOverloadedException("handler '" + handlerName + "' is running its maximum of "
                    + maxPerHandler + " steps", RETRY_AFTER_SECONDS);
        }
        return new Permit(handlerPermits);
    }

    /** Steps holding a permit right now. */
    public int inFlight() {
        return maxInFlight - global.availablePermits();
    }

    /** One admitted step; {@link #release()} is idempotent. */
    public final class Permit {
        private final Semaphore handlerPermits;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore handlerPermits) {
            this.handlerPermits = handlerPermits;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                handlerPermits.release();
                global.release();
            }
        }
    }
}
