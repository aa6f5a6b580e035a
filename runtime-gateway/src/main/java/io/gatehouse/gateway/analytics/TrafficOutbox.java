package io.gatehouse.gateway.analytics;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import io.gatehouse.gateway.sync.TrafficFeed;
import io.gatehouse.gateway.sync.TrafficReport;

/**
 * Traffic reports not yet acknowledged by the control plane, oldest first, at most {@code capacity}: when a new
 * report does not fit, the oldest is dropped and counted. Kept in memory across reconnects (not restarts).
 */
public final class TrafficOutbox implements TrafficFeed {

    private final int capacity;
    private final ConcurrentSkipListMap<Long, TrafficReport> pending = new ConcurrentSkipListMap<>();
    private final LongAdder dropped = new LongAdder();

    TrafficOutbox(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(TrafficReport report) {
        pending.put(report.seq(), report);
        while (pending.size() > capacity) {
            pending.pollFirstEntry();
            dropped.increment();
        }
    }

    @Override
    public List<TrafficReport> after(long seq) {
        return List.copyOf(pending.tailMap(seq, false).values());
    }

    @Override
    public void acknowledged(long seq) {
        pending.remove(seq);
    }

    /** Reports waiting. */
    public int size() {
        return pending.size();
    }

    /** Reports dropped because the outbox was full. */
    public long dropped() {
        return dropped.sum();
    }
}
