package dev.tasker.gateway.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a test hold a plugin handler's call open: plugin classes see this class through their parent (the
 * application's) class loader. Reset it before use.
 */
public final class PluginTestHooks {

    private static volatile CountDownLatch entered = new CountDownLatch(1);
    private static volatile CountDownLatch release = new CountDownLatch(1);

    private PluginTestHooks() {
    }

    public static void reset() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    /** Called by a plugin handler: signals it is running, then waits for {@link #release()}. */
    public static void blockUntilReleased() throws InterruptedException {
        entered.countDown();
        if (!release.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never released the blocked handler");
        }
    }

    public static boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    public static void release() {
        release.countDown();
    }
}
