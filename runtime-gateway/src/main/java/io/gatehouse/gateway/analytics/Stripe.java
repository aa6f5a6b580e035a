package io.gatehouse.gateway.analytics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.WriterReaderPhaser;

/**
 * The cells one recording thread writes, keyed by bucket and key. Recording is wait-free for the writer: it
 * enters a {@link WriterReaderPhaser} critical section (an atomic increment) and updates a plain map only it
 * writes; the flusher swaps in a fresh map and flips the phase, which waits for writers already inside the old
 * map to leave, and then owns the old map alone.
 */
final class Stripe {

    record Slot(long bucket, TrafficKey key) {
    }

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final int maxKeys;
    private volatile Map<Slot, TrafficCell> active = new HashMap<>();
    private final LongAdder folded;

    Stripe(int maxKeys, LongAdder folded) {
        this.maxKeys = maxKeys;
        this.folded = folded;
    }

    void record(long bucket, TrafficKey key, long bytesIn, long bytesOut, long latencyMicros, long upstreamMicros) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Map<Slot, TrafficCell> cells = active;
            Slot slot = new Slot(bucket, key);
            TrafficCell cell = cells.get(slot);
            if (cell == null) {
                if (cells.size() >= maxKeys) {
                    folded.increment();
                    slot = new Slot(bucket, TrafficKey.overflow(key.statusClass()));
                    cell = cells.get(slot);
                }
                if (cell == null) {
                    cell = new TrafficCell();
                    cells.put(slot, cell);
                }
            }
            cell.record(bytesIn, bytesOut, latencyMicros, upstreamMicros);
        }
        finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    /** Takes what was recorded since the last drain; afterwards no writer touches the returned map. */
    Map<Slot, TrafficCell> drain() {
        phaser.readerLock();
        try {
            Map<Slot, TrafficCell> taken = active;
            active = new HashMap<>();
            phaser.flipPhase();
            return taken;
        }
        finally {
            phaser.readerUnlock();
        }
    }
}
