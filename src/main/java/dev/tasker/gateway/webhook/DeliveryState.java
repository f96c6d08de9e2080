package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

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
    @JsonProperty("pending") PENDING,
    /** The receiver answered 2xx. */
    @JsonProperty("delivered") DELIVERED,
    /** The last attempt failed; another is scheduled. */
    @JsonProperty("failed") FAILED,
    /** Every scheduled attempt failed; only a retry or replay sends it again. */
    @JsonProperty("dead") DEAD;

    /** The lower-case name the API uses. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state with this API name, any case. */
    public static Optional<DeliveryState> ofWireName(String name) {
        for (DeliveryState state : values()) {
            if (state.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
