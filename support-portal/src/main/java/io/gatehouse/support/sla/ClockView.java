package io.gatehouse.support.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * A clock as shown to people and used by the scans: the state of its latest cycle and all its cycles.
 *
 * @param metric     which clock
 * @param state      of the latest cycle
 * @param dueAt      when the running cycle is due (or was breached); {@code null} if paused or not running
 * @param remaining  target minus elapsed for the latest cycle (negative once overdue); {@code null} if never started
 * @param breached   whether the latest cycle is breached
 * @param warningsAt for a running, unpaused cycle: each configured percentage and the instant it is reached
 * @param cycles     every cycle, oldest first
 */
public record ClockView(SlaMetric metric, State state, Instant dueAt, Duration remaining, boolean breached,
        SortedMap<Integer, Instant> warningsAt, List<ClockCycle> cycles) {

    public enum State { NOT_STARTED, RUNNING, PAUSED, STOPPED }

    public boolean paused() {
        return state == State.PAUSED;
    }
}
