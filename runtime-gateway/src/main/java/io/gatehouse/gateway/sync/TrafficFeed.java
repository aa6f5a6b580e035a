package io.gatehouse.gateway.sync;

import java.util.List;

/**
 * Where a {@link SyncClient} finds the traffic reports to ship: the gateway's outbox of reports not yet
 * acknowledged. Implementations are thread-safe and bounded.
 */
public interface TrafficFeed {

    /** The unacknowledged reports with a sequence number above {@code seq}, oldest first. */
    List<TrafficReport> after(long seq);

    /** The control plane stored report {@code seq}: it is never sent again. */
    void acknowledged(long seq);
}
