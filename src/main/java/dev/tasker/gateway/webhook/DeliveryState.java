package dev.tasker.gateway.webhook;

/**
 * Where one delivery of one event to one endpoint stands.
 *
 * <pre>
 *            attempt fails, schedule has more
 *           +-----------------+
 *           v                 |
 *   ---> PENDING ---------> FAILED ----+
 *           |    attempt      |        | attempt fails, schedule exhausted
 *           |    fails        |        v
 *           | 2xx             | 2xx   DEAD
 *           v                 v        |
 *        DELIVERED &lt;--------+        | retry / replay (operator)
 *           |                          v
 *           +--- replay (operator) --> PENDING
 * </pre>
 *
 * PENDING and FAILED deliveries are due at their {@code next_attempt_at}; DELIVERED and DEAD are final
 * until an operator retries or replays them. A delivery to a disabled endpoint (410 Gone) waits in its
 * state until the endpoint is enabled again.
 */
public enum DeliveryState {
    /** Not attempted yet (or replayed). */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** The last attempt failed; another is scheduled. */
    FAILED,
    /** Every scheduled attempt failed; only a retry or replay sends it again. */
    DEAD
}
