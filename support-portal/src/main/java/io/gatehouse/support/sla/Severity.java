package io.gatehouse.support.sla;

import java.util.Arrays;

/**
 * Severity levels 1–4 with the criteria shown where a severity is chosen. The customer submits one;
 * support engineers may adjust it against these criteria (with a reason the customer sees). The vendor's
 * own criteria table was not in the copy of the policy we hold, so these texts are ours.
 */
public enum Severity {
    SEV1(1, "Critical", "Production is down or severely impacted: API traffic cannot be served, or data is at risk, and no workaround exists."),
    SEV2(2, "High", "Production is degraded: a major function is unusable or badly slowed for many users; a workaround may exist but is not sustainable."),
    SEV3(3, "Normal", "A non-critical function misbehaves, or a production issue has an acceptable workaround; non-production systems are impaired."),
    SEV4(4, "Low", "A question, documentation issue, feature request or cosmetic problem with no impact on operations.");

    private final int level;
    private final String label;
    private final String criteria;

    Severity(int level, String label, String criteria) {
        this.level = level;
        this.label = label;
        this.criteria = criteria;
    }

    public int level() {
        return level;
    }

    public String label() {
        return label;
    }

    /** The published criteria for this level, shown to the customer when choosing. */
    public String criteria() {
        return criteria;
    }

    /** The severity for a level 1–4. */
    public static Severity of(int level) {
        return Arrays.stream(values()).filter(s -> s.level == level).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("severity must be 1 to 4, not " + level));
    }
}
