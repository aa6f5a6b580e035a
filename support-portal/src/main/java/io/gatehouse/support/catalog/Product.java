package io.gatehouse.support.catalog;

import io.gatehouse.support.sla.Severity;

/**
 * A product tickets can be filed for.
 *
 * @param mostUrgentSeverity the most urgent severity allowed (Insomnia: {@link Severity#SEV3}, so 3 or 4 only)
 */
public record Product(String code, String name, VersionPolicy versionPolicy, Severity mostUrgentSeverity) {

    /** Whether a ticket for this product may have this severity. */
    public boolean allows(Severity severity) {
        return severity.level() >= mostUrgentSeverity.level();
    }
}
