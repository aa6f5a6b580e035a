package io.gatehouse.support.scan;

import java.util.List;
import java.util.UUID;

/**
 * What one scan did.
 *
 * @param ran                whether this replica held the cluster-wide lock (false: another one is scanning)
 * @param alerts             SLA warnings and breaches raised
 * @param autoCloseWarnings  tickets whose contact was warned of the coming auto-close
 * @param autoClosed         tickets closed for 5 business days without a customer response
 */
public record ScanResult(boolean ran, int alerts, List<UUID> autoCloseWarnings, List<UUID> autoClosed) {

    static final ScanResult SKIPPED = new ScanResult(false, 0, List.of(), List.of());
}
