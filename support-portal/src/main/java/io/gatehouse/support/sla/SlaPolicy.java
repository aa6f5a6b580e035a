package io.gatehouse.support.sla;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The SLA target matrix (metric × coverage × severity × product) and the warning thresholds.
 * <p>
 * A product-specific rule wins over the generic one (product {@code null}). The defaults are the support
 * policy's response targets as summarised in DESIGN.md — Business Hours: Sev1 2 business hours, Sev2 4,
 * Sev3 1 business day, Sev4 2 business days; 24x7x365: Sev1 1 hour, Sev2 2 hours round the clock, Sev3 1
 * business day, Sev4 2 business days — used for both the initial and the next response. The policy sets no
 * resolution targets; ours (see {@link #defaults()}) are a starting point that platform admins change.
 */
public final class SlaPolicy {

    private record Key(SlaMetric metric, Coverage coverage, Severity severity, String product) {
    }

    private final Map<Key, SlaTarget> targets = new HashMap<>();
    private final SortedSet<Integer> warningPercents;

    public SlaPolicy(List<SlaTargetRule> rules, List<Integer> warningPercents) {
        for (SlaTargetRule rule : rules) {
            targets.put(new Key(rule.metric(), rule.coverage(), rule.severity(), rule.product()), rule.target());
        }
        for (Integer percent : warningPercents) {
            if (percent == null || percent <= 0 || percent >= 100) {
                throw new IllegalArgumentException("warning percentages must be between 1 and 99: " + percent);
            }
        }
        this.warningPercents = new TreeSet<>(warningPercents);
        for (SlaMetric metric : SlaMetric.values()) {
            for (Coverage coverage : Coverage.values()) {
                for (Severity severity : Severity.values()) {
                    if (!targets.containsKey(new Key(metric, coverage, severity, null))) {
                        throw new IllegalArgumentException("no default target for " + metric + " " + coverage + " " + severity);
                    }
                }
            }
        }
    }

    /** The target of a clock for a ticket of this coverage, severity and product. */
    public SlaTarget target(SlaMetric metric, Coverage coverage, Severity severity, String product) {
        SlaTarget specific = product == null ? null : targets.get(new Key(metric, coverage, severity, product));
        return specific != null ? specific : targets.get(new Key(metric, coverage, severity, null));
    }

    /** The percentages of a target at which a warning is sent (ascending). */
    public SortedSet<Integer> warningPercents() {
        return warningPercents;
    }

    /** The default matrix with a warning at 75 %. */
    public static SlaPolicy defaults() {
        return new SlaPolicy(defaultRules(), List.of(75));
    }

    /** The seeded default rules (the same rows V21 inserts). */
    public static List<SlaTargetRule> defaultRules() {
        List<SlaTargetRule> rules = new ArrayList<>();
        for (SlaMetric response : List.of(SlaMetric.INITIAL_RESPONSE, SlaMetric.NEXT_RESPONSE)) {
            add(rules, response, Coverage.BUSINESS_HOURS, SlaTarget.businessHours(2), SlaTarget.businessHours(4),
                    SlaTarget.businessDays(1), SlaTarget.businessDays(2));
            add(rules, response, Coverage.ALWAYS, SlaTarget.roundTheClock(Duration.ofHours(1)),
                    SlaTarget.roundTheClock(Duration.ofHours(2)), SlaTarget.businessDays(1), SlaTarget.businessDays(2));
        }
        add(rules, SlaMetric.RESOLUTION, Coverage.BUSINESS_HOURS, SlaTarget.businessDays(2), SlaTarget.businessDays(5),
                SlaTarget.businessDays(10), SlaTarget.businessDays(20));
        add(rules, SlaMetric.RESOLUTION, Coverage.ALWAYS, SlaTarget.roundTheClock(Duration.ofHours(24)),
                SlaTarget.roundTheClock(Duration.ofHours(72)), SlaTarget.businessDays(10), SlaTarget.businessDays(20));
        return rules;
    }

    private static void add(List<SlaTargetRule> rules, SlaMetric metric, Coverage coverage, SlaTarget... bySeverity) {
        for (Severity severity : Severity.values()) {
            rules.add(new SlaTargetRule(metric, coverage, severity, null, Objects.requireNonNull(bySeverity[severity.level() - 1])));
        }
    }
}
