package io.gatehouse.support.sla;

import java.util.Objects;

/**
 * One cell of the target matrix: metric × coverage × severity, for one product or (product {@code null})
 * for every product without a rule of its own.
 */
public record SlaTargetRule(SlaMetric metric, Coverage coverage, Severity severity, String product, SlaTarget target) {

    public SlaTargetRule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(target, "target");
    }
}
