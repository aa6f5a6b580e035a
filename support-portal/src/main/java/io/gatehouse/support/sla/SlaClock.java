package io.gatehouse.support.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.gatehouse.support.calendar.BusinessCalendar;

/**
 * Computes a ticket's SLA clocks from its events.
 *
 * <pre>
 * events (stored, ordered) ──▶ replay ──▶ per metric: cycles [start, pauses…, stop]
 *                                          elapsed = Σ calendar.between(active segments)
 *                                          due     = calendar.plus(segment start, target − elapsed before it)
 *                                          breach  = the due instant, once some later event or "now" passes it
 * </pre>
 *
 * Clocks are never timers: the same events and "now" always give the same answer, so a restart or another
 * replica computes identical due times, and the scans work on due times stored from this computation.
 * <p>
 * <b>Initial response</b> starts at creation and stops at the first public staff reply. <b>Next response</b>
 * starts at a customer reply once the initial response has stopped (and no next-response cycle runs) and
 * stops at the next public staff reply. <b>Resolution</b> starts at creation and at every reopen (a fresh
 * cycle with the full target) and stops at resolution or closure. Resolution and closure stop every running
 * clock. While the ticket waits on the customer every running clock is paused: paused time never counts.
 * A reply exactly at the due instant meets the target; breach means strictly after it.
 * <p>
 * <b>Severity change rule.</b> When the severity changes, each running cycle takes the new severity's target
 * <em>measured from the cycle's original start</em>: the time already counted stays counted (re-measured in
 * the new target's basis, e.g. round-the-clock hours when a 24x7 ticket becomes Sev1), and only the target
 * changes. If the time counted already exceeds the new target, the cycle is breached at the moment of the
 * change — never retroactively earlier — and a due time never falls before the change. A cycle breached
 * before the change stays breached: a breach is history. Stopped cycles are not affected.
 */
public final class SlaClock {

    private final SlaPolicy policy;

    public SlaClock(SlaPolicy policy) {
        this.policy = policy;
    }

    public SlaPolicy policy() {
        return policy;
    }

    /** The clocks of a ticket with these events (in time order, the first being {@link SlaEvent.Opened}) at {@code now}. */
    public Map<SlaMetric, ClockView> evaluate(SlaTerms terms, List<SlaEvent> events, Instant now) {
        Replay replay = new Replay(terms);
        events.stream().sorted(Comparator.comparing(SlaEvent::at)).forEachOrdered(replay::apply);
        Map<SlaMetric, ClockView> views = new EnumMap<>(SlaMetric.class);
        for (SlaMetric metric : SlaMetric.values()) {
            views.put(metric, replay.view(metric, now));
        }
        return views;
    }

    private final class Replay {
        private final SlaTerms terms;
        private final Map<SlaMetric, List<Cycle>> cycles = new EnumMap<>(SlaMetric.class);
        private Severity severity;
        private boolean waiting;
        private boolean finished;

        Replay(SlaTerms terms) {
            this.terms = terms;
            for (SlaMetric metric : SlaMetric.values()) {
                cycles.put(metric, new ArrayList<>());
            }
        }

        void apply(SlaEvent event) {
            Instant at = event.at();
            running().forEach(cycle -> cycle.advanceTo(at));
            if (event instanceof SlaEvent.Opened opened) {
                severity = opened.severity();
                start(SlaMetric.INITIAL_RESPONSE, at);
                start(SlaMetric.RESOLUTION, at);
            } else if (event instanceof SlaEvent.StaffReplied) {
                stop(SlaMetric.INITIAL_RESPONSE, at);
                stop(SlaMetric.NEXT_RESPONSE, at);
            } else if (event instanceof SlaEvent.CustomerReplied) {
                Cycle initial = current(SlaMetric.INITIAL_RESPONSE);
                if (!finished && initial != null && !initial.running() && !isRunning(SlaMetric.NEXT_RESPONSE)) {
                    start(SlaMetric.NEXT_RESPONSE, at);
                }
            } else if (event instanceof SlaEvent.WaitingOnCustomer) {
                waiting = true;
                running().forEach(cycle -> cycle.pause(at));
            } else if (event instanceof SlaEvent.BackToOpen) {
                waiting = false;
                running().forEach(cycle -> cycle.resume(at));
            } else if (event instanceof SlaEvent.SeverityChanged changed) {
                severity = changed.severity();
                for (SlaMetric metric : SlaMetric.values()) {
                    Cycle cycle = current(metric);
                    if (cycle != null && cycle.running()) {
                        SlaTarget target = targetFor(metric);
                        cycle.changeTarget(at, target, terms.calendarFor(target));
                    }
                }
            } else if (event instanceof SlaEvent.Resolved || event instanceof SlaEvent.Closed) {
                finished = true;
                running().forEach(cycle -> cycle.stop(at));
            } else if (event instanceof SlaEvent.Reopened) {
                finished = false;
                waiting = false;
                start(SlaMetric.RESOLUTION, at);
            }
        }

        ClockView view(SlaMetric metric, Instant now) {
            List<Cycle> list = cycles.get(metric);
            if (list.isEmpty()) {
                return new ClockView(metric, ClockView.State.NOT_STARTED, null, null, false, new TreeMap<>(), List.of());
            }
            List<ClockCycle> history = list.stream().map(c -> c.snapshot(now)).toList();
            Cycle latest = list.get(list.size() - 1);
            ClockCycle last = history.get(history.size() - 1);
            ClockView.State state = latest.running()
                    ? (latest.paused() ? ClockView.State.PAUSED : ClockView.State.RUNNING)
                    : ClockView.State.STOPPED;
            Instant due = latest.running() ? last.dueAt() : null;
            SortedMap<Integer, Instant> warnings = new TreeMap<>();
            if (state == ClockView.State.RUNNING) {
                for (int percent : policy.warningPercents()) {
                    warnings.put(percent, latest.instantAtElapsed(latest.target.fraction(percent)));
                }
            }
            return new ClockView(metric, state, due, last.target().duration().minus(last.elapsed()), last.breached(),
                    warnings, history);
        }

        private void start(SlaMetric metric, Instant at) {
            SlaTarget target = targetFor(metric);
            Cycle cycle = new Cycle(cycles.get(metric).size() + 1, at, target, terms.calendarFor(target));
            if (waiting) {
                cycle.pause(at);
            }
            cycles.get(metric).add(cycle);
        }

        private void stop(SlaMetric metric, Instant at) {
            Cycle cycle = current(metric);
            if (cycle != null && cycle.running()) {
                cycle.stop(at);
            }
        }

        private boolean isRunning(SlaMetric metric) {
            Cycle cycle = current(metric);
            return cycle != null && cycle.running();
        }

        private Cycle current(SlaMetric metric) {
            List<Cycle> list = cycles.get(metric);
            return list.isEmpty() ? null : list.get(list.size() - 1);
        }

        private List<Cycle> running() {
            return cycles.values().stream().flatMap(List::stream).filter(Cycle::running).toList();
        }

        private SlaTarget targetFor(SlaMetric metric) {
            if (severity == null) {
                throw new IllegalStateException("a ticket's events must start with Opened");
            }
            return policy.target(metric, terms.coverage(), severity, terms.product());
        }
    }

    /** One cycle being replayed. Active segments are closed intervals of counted time. */
    private static final class Cycle {
        private final int number;
        private final Instant start;
        private SlaTarget target;
        private BusinessCalendar calendar;
        private final List<Instant[]> segments = new ArrayList<>();
        private final List<ClockCycle.Pause> pauses = new ArrayList<>();
        private Instant activeSince;
        private Instant pausedSince;
        private Instant notBefore;
        private Instant breachedAt;
        private Instant stoppedAt;
        private Instant dueAtStop;

        Cycle(int number, Instant start, SlaTarget target, BusinessCalendar calendar) {
            this.number = number;
            this.start = start;
            this.target = target;
            this.calendar = calendar;
            this.activeSince = start;
            this.notBefore = start;
        }

        boolean running() {
            return stoppedAt == null;
        }

        boolean paused() {
            return pausedSince != null;
        }

        /** Records the breach if the due instant lies before {@code at}. */
        void advanceTo(Instant at) {
            Instant due = dueAt();
            if (breachedAt == null && due != null && due.isBefore(at)) {
                breachedAt = due;
            }
        }

        void pause(Instant at) {
            if (activeSince != null) {
                segments.add(new Instant[] {activeSince, at});
                activeSince = null;
                pausedSince = at;
            }
        }

        void resume(Instant at) {
            if (pausedSince != null) {
                pauses.add(new ClockCycle.Pause(pausedSince, at));
                pausedSince = null;
                activeSince = at;
            }
        }

        void stop(Instant at) {
            dueAtStop = dueAt();
            if (activeSince != null) {
                segments.add(new Instant[] {activeSince, at});
                activeSince = null;
            }
            if (pausedSince != null) {
                pauses.add(new ClockCycle.Pause(pausedSince, at));
                pausedSince = null;
            }
            stoppedAt = at;
        }

        void changeTarget(Instant at, SlaTarget newTarget, BusinessCalendar newCalendar) {
            target = newTarget;
            calendar = newCalendar;
            notBefore = at;
            if (breachedAt == null && elapsed(at).compareTo(newTarget.duration()) > 0) {
                breachedAt = at;
            }
        }

        /** Breach instant if breached, else when the target runs out if counting now, else null (paused). */
        Instant dueAt() {
            if (breachedAt != null) {
                return breachedAt;
            }
            if (activeSince == null) {
                return null;
            }
            Instant due = instantAtElapsed(target.duration());
            return due.isBefore(notBefore) ? notBefore : due;
        }

        /** When the counted time reaches {@code amount}, counting on from the current active segment. */
        Instant instantAtElapsed(Duration amount) {
            Duration left = amount.minus(closedElapsed());
            Instant from = activeSince != null ? activeSince : (stoppedAt != null ? stoppedAt : pausedSince);
            return calendar.plus(from, left.isNegative() ? Duration.ZERO : left);
        }

        Duration elapsed(Instant now) {
            Duration total = closedElapsed();
            if (activeSince != null && now.isAfter(activeSince)) {
                total = total.plus(calendar.between(activeSince, now));
            }
            return total;
        }

        private Duration closedElapsed() {
            Duration total = Duration.ZERO;
            for (Instant[] segment : segments) {
                total = total.plus(calendar.between(segment[0], segment[1]));
            }
            return total;
        }

        ClockCycle snapshot(Instant now) {
            Instant breach = breachedAt;
            Instant due = running() ? dueAt() : dueAtStop;
            if (breach == null && running() && due != null && due.isBefore(now)) {
                breach = due;
            }
            List<ClockCycle.Pause> allPauses = new ArrayList<>(pauses);
            if (pausedSince != null) {
                allPauses.add(new ClockCycle.Pause(pausedSince, null));
            }
            Duration elapsed = elapsed(running() ? now : stoppedAt);
            return new ClockCycle(number, start, target, breach != null ? breach : due, elapsed, List.copyOf(allPauses),
                    stoppedAt, breach);
        }
    }
}
