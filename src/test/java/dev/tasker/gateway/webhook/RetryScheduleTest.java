package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    @Test
    void defaultScheduleIsTheContractsTenAttempts() {
        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(10);
        assertThat(RetrySchedule.DEFAULT.delayBefore(1, () -> 0.5)).hasValue(Duration.ZERO);
        assertThat(RetrySchedule.DEFAULT.delayBefore(2, () -> 0.5)).hasValue(Duration.ofSeconds(5));
        assertThat(RetrySchedule.DEFAULT.delayBefore(10, () -> 0.5)).hasValue(Duration.ofHours(12));
    }

    @ParameterizedTest
    @CsvSource({"0.0, 8000", "0.5, 10000", "0.999999, 12000"})
    void jitterStaysWithinTwentyPercent(double random, long expectedMs) {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(10)));

        assertThat(schedule.delayBefore(2, () -> random).orElseThrow().toMillis()).isEqualTo(expectedMs);
    }

    @Test
    void noDelayAfterTheLastAttemptMeansDead() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(1)));

        assertThat(schedule.delayBefore(3, () -> 0.5)).isEmpty();
        assertThat(schedule.delayBefore(0, () -> 0.5)).isEmpty();
    }

    @Test
    void emptyOrNegativeSchedulesAreRefused() {
        assertThatThrownBy(() -> new RetrySchedule(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
