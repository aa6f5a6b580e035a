package io.gatehouse.support.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class DeskTimesTests {

    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    private final DeskTimes times = new DeskTimes(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void timeToBreachReadsAsWordsAndSaysWhenOverdue() {
        assertThat(times.until(NOW.plus(Duration.ofMinutes(185)))).isEqualTo("in 3 h 5 min");
        assertThat(times.until(NOW.minus(Duration.ofMinutes(20)))).isEqualTo("overdue by 20 min");
        assertThat(times.until(NOW.plus(Duration.ofDays(2).plusMinutes(1)))).isEqualTo("in 2 d 0 h 1 min");
        assertThat(times.until(null)).isEmpty();
    }

    @Test
    void aDeadlineHasPassedFromItsInstantOn() {
        assertThat(times.passed(NOW)).isTrue();
        assertThat(times.passed(NOW.plusSeconds(1))).isFalse();
        assertThat(times.passed(null)).isFalse();
        assertThat(times.human(Duration.ofMinutes(-90))).isEqualTo("−1 h 30 min");
    }
}
