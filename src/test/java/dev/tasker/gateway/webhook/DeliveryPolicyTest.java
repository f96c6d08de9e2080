package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-11-28T14:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(
            List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30)));

    private static DeliveryPolicy.Decision decide(AttemptResult result, int attempt) {
        return DeliveryPolicy.decide(result, attempt, SCHEDULE, NOW, () -> 0.5);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 299})
    void any2xxIsDelivered(int status) {
        assertThat(decide(AttemptResult.status(status, Optional.empty(), 3), 1).state())
                .isEqualTo(DeliveryState.DELIVERED);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 400, 404, 500, 502})
    void redirectsAndErrorsAreRetriedOnTheSchedule(int status) {
        DeliveryPolicy.Decision decision = decide(AttemptResult.status(status, Optional.empty(), 3), 1);

        assertThat(decision.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(decision.nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(decision.disableEndpoint()).isFalse();
    }

    @Test
    void connectionErrorsAndTimeoutsAreRetried() {
        assertThat(decide(AttemptResult.error("timeout after 10000 ms", 10_000), 2).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void failingTheLastScheduledAttemptIsDead() {
        assertThat(decide(AttemptResult.status(500, Optional.empty(), 3), 3).state()).isEqualTo(DeliveryState.DEAD);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void retryAfterLongerThanTheScheduleIsHonoured(int status) {
        DeliveryPolicy.Decision decision = decide(AttemptResult.status(status, Optional.of(Duration.ofMinutes(2)), 3), 1);

        assertThat(decision.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void retryAfterOnOtherStatusesIsIgnored() {
        assertThat(decide(AttemptResult.status(500, Optional.of(Duration.ofMinutes(2)), 3), 1).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void goneDisablesTheEndpoint() {
        assertThat(decide(AttemptResult.status(410, Optional.empty(), 3), 1).disableEndpoint()).isTrue();
    }
}
