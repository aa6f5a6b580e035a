package io.gatehouse.support.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One run of a clock, from its start to the reply (or resolution) that stopped it.
 *
 * @param number    1 for the first cycle of a metric, counting up
 * @param startedAt when the cycle started
 * @param target    the target in force at the end (or now), after any severity change
 * @param dueAt     when the target is (or was) reached; {@code null} while paused and not breached
 * @param elapsed   time counted so far in the target's basis (pauses excluded)
 * @param pauses    the intervals spent waiting on the customer; the last one has {@code end == null} while paused
 * @param stoppedAt when it stopped, or {@code null} while it runs
 * @param breachedAt when the target was exceeded, or {@code null}
 */
public record ClockCycle(int number, Instant startedAt, SlaTarget target, Instant dueAt, Duration elapsed,
        List<Pause> pauses, Instant stoppedAt, Instant breachedAt) {

    /** A pause while waiting on the customer. */
    public record Pause(Instant start, Instant end) {
    }

    public boolean running() {
        return stoppedAt == null;
    }

    public boolean breached() {
        return breachedAt != null;
    }

    /** Stopped before its target ran out. */
    public boolean met() {
        return stoppedAt != null && breachedAt == null;
    }
}
