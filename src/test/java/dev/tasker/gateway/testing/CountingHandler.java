package dev.tasker.gateway.testing;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler that counts its calls, can be held at a latch, and answers {@code {"call": n}}. It has a second
 * method, {@code refund}, that does the same (tests that a step's method is part of what it asks for).
 */
public final class CountingHandler implements StepHandler {

    private final String name;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public CountingHandler(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Later calls wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Waits until a call has started. */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public java.util.List<String> methods() {
        return java.util.List.of(DEFAULT_METHOD, "refund");
    }

    @Override
    public StepExecutionResult invoke(String method, StepContext context) throws Exception {
        return call(context);
    }

    @Override
    public StepExecutionResult call(StepContext context) throws Exception {
        int call = calls.incrementAndGet();
        entered.countDown();
        gate.await(60, TimeUnit.SECONDS);
        return StepExecutionResult.success(context.stepUuid(), Map.of("call", call));
    }
}
