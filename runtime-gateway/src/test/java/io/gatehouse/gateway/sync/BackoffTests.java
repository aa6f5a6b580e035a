package io.gatehouse.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void delaysDoubleWithJitterUpToTheMaximumAndStartOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new Random(42));

        long first = backoff.next().toMillis();
        long second = backoff.next().toMillis();
        long third = backoff.next().toMillis();
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        long capped = backoff.next().toMillis();
        backoff.reset();
        long again = backoff.next().toMillis();

        assertThat(first).isBetween(50L, 100L);
        assertThat(second).isBetween(100L, 200L);
        assertThat(third).isBetween(200L, 400L);
        assertThat(capped).isBetween(500L, 1000L);
        assertThat(again).isBetween(50L, 100L);
        assertThat(backoff.longest().toMillis()).isBetween(500L, 1000L);
    }

    @Test
    void jitterSpreadsAFleet() {
        long distinct = new Random(1).ints(50).mapToObj(seed -> {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(seed));
            backoff.next();
            return backoff.next().toMillis();
        }).distinct().count();

        assertThat(distinct).isGreaterThan(40);
    }
}
