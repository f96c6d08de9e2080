package dev.tasker.gateway.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox in the background. One loop claims due deliveries per endpoint, never more than the
 * endpoint's {@code max_in_flight} slots plus as many claimed ahead ({@link EndpointLane}), and hands them to
 * worker threads, one a slot; so a slow or failing endpoint fills only its own slots and never holds back the
 * others. A worker whose attempt ended takes the next delivery claimed ahead at once, and wakes the loop to
 * claim more while half the room ahead is free, so that a slot does not wait for a claim round trip. Each
 * attempt's outcome is decided by {@link DeliveryPolicy} and recorded with the attempt. A slot is free again as
 * soon as its HTTP attempt ended: the record is group-committed behind it ({@link DeliveryQueue#completeLater}),
 * and the delivery stays claimed until then, so it is not sent again meanwhile. The loop runs every poll
 * interval, and at once when {@link #wake()} is called (after steps committed new events). A delivery that is
 * due at once can skip the claim altogether: the commit that stores it reserves room in its lane and stores it
 * claimed by this instance ({@link DeliveryHandoff}), then hands it over here. Thread-safe.
 */
public final class WebhookDispatcher implements DeliveryHandoff, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookConfig config;
    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final Clock clock;
    private final DoubleSupplier random;
    private final String workerId;
    private final Duration pollInterval;
    private final Map<String, EndpointLane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Semaphore wakeUp = new Semaphore(0);
    /** Set by {@link #wake()}: the store may hold new due deliveries, so lanes that found none claim again. */
    private final AtomicBoolean storeChanged = new AtomicBoolean();
    /** When the loop last read the endpoints' states (System.nanoTime()); hand-overs need a recent reading. */
    private volatile long statusReadNanos;
    private volatile boolean statusesRead;
    /** Attempts sent whose record has not committed yet (waited for on close, before the claims are released). */
    private final Set<CompletableFuture<Void>> recording = ConcurrentHashMap.newKeySet();
    private final Thread loop;
    private volatile boolean running;

    public WebhookDispatcher(WebhookConfig config, DeliveryQueue queue, WebhookSender sender, Clock clock,
                             DoubleSupplier random, String workerId, Duration pollInterval) {
        this.config = config;
        this.queue = queue;
        this.sender = sender;
        this.clock = clock;
        this.random = random;
        this.workerId = workerId;
        this.pollInterval = pollInterval;
        config.endpoints().forEach(e -> lanes.put(e.name(), new EndpointLane(e)));
        AtomicLong threadCount = new AtomicLong();
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.loop = new Thread(this::run, "webhook-dispatcher");
        this.loop.setDaemon(true);
    }

    /** Registers the endpoints in the store and starts the loop. */
    public void start() {
        queue.registerEndpoints(config.endpoints().stream().map(WebhookEndpoint::name).toList());
        running = true;
        loop.start();
        LOG.info("webhook delivery started for {} endpoint(s) as {}", config.endpoints().size(), workerId);
    }

    /** Runs the loop now instead of at the next poll: the store may hold new due deliveries. */
    public void wake() {
        storeChanged.set(true);
        signal();
    }

    /** Runs the loop now, for the lanes' sake (room to claim into, a slot free), not for a change in the store. */
    private void signal() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void run() {
        while (running) {
            try {
                dispatchDue();
            } catch (RuntimeException e) {
                LOG.warn("webhook dispatch round failed: {}", e.getMessage());
            }
            try {
                boolean signalled = wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (storeChanged.getAndSet(false) || !signalled) { // a change, or the poll (retries come due)
                    lanes.values().forEach(lane -> lane.exhausted(false));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void dispatchDue() {
        if (config.endpoints().isEmpty()) {
            return;
        }
        Map<String, DeliveryQueue.EndpointStatus> statuses = queue.endpointStatuses();
        statusReadNanos = System.nanoTime();
        statusesRead = true;
        for (WebhookEndpoint endpoint : config.endpoints()) {
            EndpointLane lane = lanes.get(endpoint.name());
            DeliveryQueue.EndpointStatus status = statuses.get(endpoint.name());
            if (status != null && status.disabled()) {
                lane.disabled(true);
                release(lane.drain());
                continue;
            }
            lane.disabled(false);
            startReady(lane); // a worker that saw none ahead may have freed its slot since
            int wanted = lane.wanted();
            if (wanted == 0 || lane.exhausted()) {
                continue;
            }
            Instant now = clock.instant();
            Instant leaseUntil = leaseFrom(now, endpoint);
            List<EndpointLane.Claimed> unplaced = new java.util.ArrayList<>();
            List<DeliveryQueue.DueDelivery> due = queue.claimDue(endpoint.name(), wanted, now, leaseUntil, workerId);
            lane.exhausted(due.size() < wanted);
            for (DeliveryQueue.DueDelivery delivery : due) {
                EndpointLane.Claimed claimed = new EndpointLane.Claimed(delivery, leaseUntil);
                if (lane.tryTakeSlot()) {
                    start(lane, claimed);
                } else if (!lane.offer(claimed)) {
                    unplaced.add(claimed);
                }
            }
            release(unplaced);
        }
    }

    /** A claim's lease: long enough for an attempt started at its end (see {@link #sendable}) and then some. */
    private static Instant leaseFrom(Instant now, WebhookEndpoint endpoint) {
        return now.plus(endpoint.timeout().multipliedBy(2)).plusSeconds(30);
    }

    /**
     * Room in the endpoint's lane for a delivery a commit is storing, when it is due now, the lane is enabled
     * and has room, and its state was read recently (so a disabling by another instance or an operator is not
     * missed for longer than a claim would miss it).
     */
    @Override
    public Reservation reserve(String endpoint, Instant dueAt) {
        EndpointLane lane = lanes.get(endpoint);
        Instant now = clock.instant();
        if (!running || lane == null || dueAt.isAfter(now) || !statusesRead
                || System.nanoTime() - statusReadNanos > 2 * pollInterval.toNanos() + TimeUnit.SECONDS.toNanos(1)) {
            return null;
        }
        boolean inSlot = lane.reserveSlot();
        if (!inSlot && !lane.reserveRoom()) {
            return null;
        }
        Instant leaseUntil = leaseFrom(now, lane.endpoint());
        return new Reservation() {
            @Override
            public String workerId() {
                return workerId;
            }

            @Override
            public Instant leaseUntil() {
                return leaseUntil;
            }

            @Override
            public void handOver(DeliveryQueue.DueDelivery delivery) {
                EndpointLane.Claimed claimed = new EndpointLane.Claimed(delivery, leaseUntil);
                if (!running) {
                    cancel();
                    release(List.of(claimed));
                } else if (inSlot || lane.placeReserved(claimed)) {
                    try {
                        start(lane, claimed);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        lane.release();
                        release(List.of(claimed));
                    }
                }
            }

            @Override
            public void cancel() {
                if (inSlot) {
                    lane.release();
                } else {
                    lane.unreserve();
                }
            }
        };
    }

    /** Starts the deliveries claimed ahead in the lane's free slots. */
    private void startReady(EndpointLane lane) {
        while (lane.tryTakeSlot()) {
            EndpointLane.Claimed next = lane.next();
            if (next == null) {
                lane.release();
                return;
            }
            start(lane, next);
        }
    }

    /** Runs attempts in one slot: this delivery, then those claimed ahead, until there is none or it stops. */
    private void start(EndpointLane lane, EndpointLane.Claimed first) {
        workers.execute(() -> {
            try {
                EndpointLane.Claimed claimed = first;
                while (claimed != null) {
                    if (sendable(lane, claimed)) {
                        attempt(lane.endpoint(), claimed.delivery());
                    } else {
                        release(List.of(claimed));
                    }
                    claimed = running && !Thread.currentThread().isInterrupted() ? lane.next() : null;
                    if (lane.runningLow() && !lane.exhausted()) {
                        signal();
                    }
                }
            } finally {
                lane.release();
                if (running) {
                    startReady(lane); // one handed over just as this slot found none ahead
                }
                if (!lane.exhausted()) {
                    signal();
                }
            }
        });
    }

    /**
     * Whether an attempt started now ends (at its timeout) within the claim's lease; one claimed ahead that
     * waited too long, or whose endpoint was disabled meanwhile, is released instead, and due again at once.
     */
    private boolean sendable(EndpointLane lane, EndpointLane.Claimed claimed) {
        return !lane.disabled() && clock.instant().plus(lane.endpoint().timeout()).plusSeconds(5)
                .isBefore(claimed.leaseUntil());
    }

    private void release(List<EndpointLane.Claimed> claims) {
        if (claims.isEmpty()) {
            return;
        }
        try {
            queue.release(claims.stream().map(EndpointLane.Claimed::delivery).toList(), workerId);
            wake(); // due again at once
        } catch (RuntimeException e) {
            LOG.warn("releasing {} delivery claim(s) failed (they are due again when their lease ends): {}",
                    claims.size(), e.getMessage());
        }
    }

    private void attempt(WebhookEndpoint endpoint, DeliveryQueue.DueDelivery delivery) {
        Instant attemptedAt = clock.instant();
        AttemptResult result;
        try {
            result = sender.send(endpoint, delivery.eventId().toString(), delivery.eventName(), delivery.body(),
                    delivery.cloudEvent(), delivery.traceparent());
        } catch (RuntimeException e) {
            result = AttemptResult.error("send failed: " + e, 0);
        }
        if (!running && Thread.currentThread().isInterrupted()) {
            return; // stopping: not an attempt; the claim is released and another run sends it
        }
        int attempt = delivery.attempts() + 1;
        DeliveryPolicy.Decision decision = DeliveryPolicy.decide(result, attempt, endpoint.retrySchedule(),
                clock.instant(), random);
        if (decision.disableEndpoint()) {
            lanes.get(endpoint.name()).disabled(true); // nothing more is sent or handed over from now on
        }
        CompletableFuture<Void> recorded = queue.completeLater(delivery, workerId, new DeliveryQueue.Completion(
                new DeliveryQueue.Attempt(attemptedAt, result.statusCode(), result.error(), result.durationMs()),
                decision.state(), decision.nextAttemptAt(), result.delivered()));
        recording.add(recorded);
        AttemptResult sent = result;
        recorded.whenComplete((ok, failure) -> {
            recording.remove(recorded);
            if (failure != null) {
                LOG.warn("recording attempt {} of delivery {} failed (it will be retried when its lease ends): {}",
                        attempt, delivery.deliveryId(), failure.getMessage());
            } else {
                afterRecorded(endpoint, delivery, attempt, attemptedAt, sent, decision);
            }
        });
    }

    /** What follows a recorded attempt: a 410 disables the endpoint; dead and failed attempts are logged. */
    private void afterRecorded(WebhookEndpoint endpoint, DeliveryQueue.DueDelivery delivery, int attempt,
                               Instant attemptedAt, AttemptResult result, DeliveryPolicy.Decision decision) {
        if (decision.disableEndpoint()) {
            lanes.get(endpoint.name()).disabled(true);
            try {
                queue.disableAsGone(endpoint.name(), attemptedAt, clock.instant());
                LOG.warn("webhook endpoint '{}' answered 410 Gone and is disabled", endpoint.name());
            } catch (RuntimeException e) {
                LOG.warn("disabling endpoint '{}' after 410 Gone failed: {}", endpoint.name(), e.getMessage());
            }
        }
        if (decision.state() == DeliveryState.DEAD) {
            LOG.warn("delivery {} of event {} to '{}' is dead after {} attempts: {}", delivery.deliveryId(),
                    delivery.eventId(), endpoint.name(), attempt, describe(result));
        } else if (!result.delivered()) {
            LOG.info("delivery {} to '{}' attempt {} failed ({}); next at {}", delivery.deliveryId(), endpoint.name(),
                    attempt, describe(result), decision.nextAttemptAt());
        }
    }

    private static String describe(AttemptResult result) {
        return result.error() != null ? result.error() : "HTTP " + result.statusCode();
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            // attempts already sent are recorded before the claims go, so a clean stop sends none twice
            CompletableFuture.allOf(recording.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("not every delivery attempt was recorded before stopping: {}", e.getMessage());
        }
        try {
            queue.releaseClaims(workerId);
        } catch (RuntimeException e) {
            LOG.warn("releasing delivery claims failed: {}", e.getMessage());
        }
    }
}
