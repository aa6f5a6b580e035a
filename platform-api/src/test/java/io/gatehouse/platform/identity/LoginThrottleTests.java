package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void theMessageSaysHowManyMinutesToWaitRoundedUp() {
        assertThat(LoginThrottle.waitMessage(Instant.parse("2026-11-21T10:14:01Z"), clock))
                .isEqualTo("Too many failed sign-ins. Try again in 15 minutes.");
        assertThat(LoginThrottle.waitMessage(Instant.parse("2026-11-21T10:00:20Z"), clock))
                .isEqualTo("Too many failed sign-ins. Try again in 1 minute.");
    }
}
