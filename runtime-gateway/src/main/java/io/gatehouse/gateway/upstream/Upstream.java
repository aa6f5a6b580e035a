package io.gatehouse.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named set of targets with a balancing algorithm and health state; picks a target per attempt.
 *
 * <p>Unhealthy targets and targets excluded by the caller (retry host selection) are skipped; when every
 * healthy target is excluded the pick ignores the exclusion, so a retry still has somewhere to go.
 */
public final class Upstream {

    private static final int RING_POINTS_PER_WEIGHT = 40;
    private static final int MAX_SEQUENCE = 1000;

    private final String name;
    private final Balancing balancing;
    private final HealthPolicy health;
    private final List<TargetState> targets;
    private final TargetState[] sequence;
    private final NavigableMap<Long, TargetState> ring = new TreeMap<>();
    private final AtomicLong cursor = new AtomicLong();

    public Upstream(String name, List<Target> targets, Balancing balancing, HealthPolicy health, Clock clock) {
        this.name = name;
        this.balancing = balancing;
        this.health = health;
        List<TargetState> states = new ArrayList<>();
        for (Target target : targets) {
            states.add(new TargetState(target, health, clock));
        }
        this.targets = List.copyOf(states);
        this.sequence = smoothWeightedSequence(this.targets);
        if (balancing.algorithm() == Balancing.Algorithm.CONSISTENT_HASHING) {
            for (TargetState state : this.targets) {
                for (int i = 0; i < RING_POINTS_PER_WEIGHT * Math.max(1, Math.min(state.target().weight(), 100)); i++) {
                    if (state.target().weight() > 0) {
                        ring.put(hash(state.target().address() + "#" + i), state);
                    }
                }
            }
        }
    }

    public String name() {
        return name;
    }

    public HealthPolicy health() {
        return health;
    }

    public List<TargetState> targets() {
        return targets;
    }

    /**
     * Picks a target for one attempt, or null when no healthy target is left. The caller must
     * {@link #release(TargetState)} the returned target when the attempt ends.
     */
    public TargetState pick(BalanceKey key, Collection<Target> excluded) {
        TargetState chosen = choose(key, excluded);
        if (chosen == null && !excluded.isEmpty()) {
            chosen = choose(key, Set.of());
        }
        if (chosen != null) {
            chosen.acquire();
        }
        return chosen;
    }

    public void release(TargetState state) {
        state.release();
    }

    private TargetState choose(BalanceKey key, Collection<Target> excluded) {
        return switch (balancing.algorithm()) {
            case ROUND_ROBIN -> roundRobin(excluded);
            case LEAST_CONNECTIONS -> leastConnections(excluded);
            case CONSISTENT_HASHING -> consistentHash(key, excluded);
        };
    }

    private boolean usable(TargetState state, Collection<Target> excluded) {
        return state.target().weight() > 0 && state.healthy() && !excluded.contains(state.target());
    }

    private TargetState roundRobin(Collection<Target> excluded) {
        if (sequence.length == 0) {
            return null;
        }
        long start = cursor.getAndIncrement();
        for (int i = 0; i < sequence.length; i++) {
            TargetState candidate = sequence[(int) Math.floorMod(start + i, (long) sequence.length)];
            if (usable(candidate, excluded)) {
                return candidate;
            }
        }
        return null;
    }

    private TargetState leastConnections(Collection<Target> excluded) {
        TargetState best = null;
        double bestLoad = Double.MAX_VALUE;
        long offset = cursor.getAndIncrement();
        for (int i = 0; i < targets.size(); i++) {
            TargetState candidate = targets.get((int) Math.floorMod(offset + i, (long) targets.size()));
            if (!usable(candidate, excluded)) {
                continue;
            }
            double load = (candidate.inFlight() + 1.0) / candidate.target().weight();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }

    private TargetState consistentHash(BalanceKey key, Collection<Target> excluded) {
        if (ring.isEmpty()) {
            return null;
        }
        long point = hash(hashInput(key));
        Map.Entry<Long, TargetState> entry = ring.ceilingEntry(point);
        int steps = 0;
        while (steps++ < ring.size()) {
            if (entry == null) {
                entry = ring.firstEntry();
            }
            if (usable(entry.getValue(), excluded)) {
                return entry.getValue();
            }
            entry = ring.higherEntry(entry.getKey());
        }
        return null;
    }

    private String hashInput(BalanceKey key) {
        String value = switch (balancing.hashOn()) {
            case CONSUMER -> key.consumer();
            case IP -> key.clientIp();
            case HEADER -> balancing.hashHeader() == null ? null : key.header().apply(balancing.hashHeader());
            case PATH -> key.path();
        };
        return value != null ? value : String.valueOf(key.clientIp());
    }

    /** 64-bit FNV-1a with a murmur3 finalizer, spreading similar keys over the ring. */
    static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Nginx-style smooth weighted round robin, unrolled once into a fixed sequence so picking is a
     * lock-free counter increment. Weights are scaled down so the sequence stays short.
     */
    private static TargetState[] smoothWeightedSequence(List<TargetState> targets) {
        int total = targets.stream().mapToInt(t -> t.target().weight()).sum();
        if (total == 0) {
            return new TargetState[0];
        }
        double scale = total > MAX_SEQUENCE ? (double) MAX_SEQUENCE / total : 1.0;
        int[] weights = new int[targets.size()];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            int w = targets.get(i).target().weight();
            weights[i] = w == 0 ? 0 : Math.max(1, (int) Math.round(w * scale));
            sum += weights[i];
        }
        int[] current = new int[weights.length];
        TargetState[] out = new TargetState[sum];
        for (int n = 0; n < sum; n++) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
                    best = i;
                }
            }
            current[best] -= sum;
            out[n] = targets.get(best);
        }
        return out;
    }
}
