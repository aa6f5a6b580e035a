package io.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamTests {

    private static final BalanceKey KEY = new BalanceKey(null, "10.0.0.1", h -> null, "/");

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Map<Integer, Integer> spread(Upstream upstream, int picks, java.util.function.IntFunction<BalanceKey> key) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            TargetState state = upstream.pick(key.apply(i), Set.of());
            counts.merge(state.target().port(), 1, Integer::sum);
            upstream.release(state);
        }
        return counts;
    }

    @Test
    void weightedRoundRobinFollowsWeightsExactlyAndSmoothly() {
        Upstream upstream = new Upstream("u", List.of(new Target("h", 1, 300), new Target("h", 2, 100),
                new Target("h", 3, 0)), Balancing.roundRobin(), HealthPolicy.defaults(), Clock.systemUTC());

        assertThat(spread(upstream, 400, i -> KEY)).containsEntry(1, 300).containsEntry(2, 100).doesNotContainKey(3);
        List<Integer> firstFour = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            firstFour.add(upstream.pick(KEY, Set.of()).target().port());
        }
        assertThat(firstFour).containsExactlyInAnyOrder(1, 1, 1, 2);
    }

    @Test
    void leastConnectionsPrefersTheLeastBusyTarget() {
        Upstream upstream = new Upstream("u", List.of(new Target("h", 1, 100), new Target("h", 2, 100)),
                Balancing.leastConnections(), HealthPolicy.defaults(), Clock.systemUTC());
        TargetState busy = upstream.pick(KEY, Set.of());
        for (int i = 0; i < 5; i++) {
            TargetState next = upstream.pick(KEY, Set.of());
            assertThat(next.target()).isNotEqualTo(busy.target());
            upstream.release(next);
        }
    }

    @Test
    void consistentHashingKeepsAKeyOnOneTargetAndSpreadsKeys() {
        List<Target> targets = List.of(new Target("h", 1, 100), new Target("h", 2, 100), new Target("h", 3, 100));
        Upstream byHeader = new Upstream("u", targets, Balancing.hashOn(Balancing.HashOn.HEADER, "x-user"),
                HealthPolicy.defaults(), Clock.systemUTC());
        for (int user = 0; user < 50; user++) {
            String id = "user-" + user;
            BalanceKey key = new BalanceKey(null, "10.0.0." + user, h -> h.equals("x-user") ? id : null, "/");
            int first = byHeader.pick(key, Set.of()).target().port();
            for (int again = 0; again < 5; again++) {
                assertThat(byHeader.pick(key, Set.of()).target().port()).isEqualTo(first);
            }
        }
        Map<Integer, Integer> spread = spread(byHeader, 3000,
                i -> new BalanceKey(null, "ip", h -> "user-" + i, "/"));
        assertThat(spread.values()).allSatisfy(count -> assertThat(count).isBetween(700, 1300));

        Upstream byPath = new Upstream("u", targets, Balancing.hashOn(Balancing.HashOn.PATH, null),
                HealthPolicy.defaults(), Clock.systemUTC());
        Upstream byConsumer = new Upstream("u", targets, Balancing.hashOn(Balancing.HashOn.CONSUMER, null),
                HealthPolicy.defaults(), Clock.systemUTC());
        assertThat(byPath.pick(new BalanceKey(null, "1", h -> null, "/a"), Set.of()).target())
                .isEqualTo(byPath.pick(new BalanceKey(null, "2", h -> null, "/a"), Set.of()).target());
        assertThat(byConsumer.pick(new BalanceKey("c1", "1", h -> null, "/a"), Set.of()).target())
                .isEqualTo(byConsumer.pick(new BalanceKey("c1", "2", h -> null, "/b"), Set.of()).target());
    }

    @Test
    void removingATargetOnlyMovesTheKeysItHeld() {
        List<Target> three = List.of(new Target("h", 1, 100), new Target("h", 2, 100), new Target("h", 3, 100));
        Upstream before = new Upstream("u", three, Balancing.hashOn(Balancing.HashOn.IP, null), HealthPolicy.defaults(),
                Clock.systemUTC());
        Upstream after = new Upstream("u", three.subList(0, 2), Balancing.hashOn(Balancing.HashOn.IP, null),
                HealthPolicy.defaults(), Clock.systemUTC());
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            BalanceKey key = new BalanceKey(null, "ip-" + i, h -> null, "/");
            int was = before.pick(key, Set.of()).target().port();
            int now = after.pick(key, Set.of()).target().port();
            if (was != 3 && was != now) {
                moved++;
            }
        }
        assertThat(moved).isZero();
    }

    @Test
    void passiveChecksOpenTheCircuitAndCloseItAfterTheOpenPeriod() {
        ManualClock clock = new ManualClock();
        Upstream upstream = new Upstream("u", List.of(new Target("h", 1, 100), new Target("h", 2, 100)),
                Balancing.roundRobin(), HealthPolicy.defaults().withPassive(3, Duration.ofSeconds(10)), clock);
        TargetState first = upstream.targets().get(0);
        first.recordFailure(HealthPolicy.Failure.HTTP);
        first.recordFailure(HealthPolicy.Failure.HTTP);
        assertThat(first.healthy()).isTrue();
        first.recordFailure(HealthPolicy.Failure.HTTP);
        assertThat(first.healthy()).isFalse();
        assertThat(spread(upstream, 10, i -> KEY)).containsOnlyKeys(2);

        clock.now = clock.now.plusSeconds(11);
        assertThat(first.healthy()).isTrue();
        assertThat(spread(upstream, 10, i -> KEY)).containsKeys(1, 2);
    }

    @Test
    void noHealthyTargetMeansNoPickAndExclusionsFallBack() {
        Upstream upstream = new Upstream("u", List.of(new Target("h", 1, 100)), Balancing.roundRobin(),
                HealthPolicy.defaults().withPassive(1, Duration.ofMinutes(1)), Clock.systemUTC());
        assertThat(upstream.pick(KEY, Set.of(new Target("h", 1, 100))).target().port()).isEqualTo(1);
        upstream.targets().get(0).recordFailure(HealthPolicy.Failure.TCP);
        assertThat(upstream.pick(KEY, Set.of())).isNull();
    }

    @Test
    void eachKindOfFailureCountsOnItsOwnAndAZeroThresholdLeavesItUncounted() {
        HealthPolicy policy = HealthPolicy.defaults().withPassive(0, Duration.ofSeconds(10));
        policy = new HealthPolicy(new HealthPolicy.Thresholds(3, 0, 2), policy.openFor(), policy.failureStatuses(),
                null, Duration.ZERO, policy.activeTimeout(), policy.activeHealthyStatuses(),
                policy.activeUnhealthyStatuses(), 0, HealthPolicy.Thresholds.OFF);
        Upstream upstream = new Upstream("u", List.of(new Target("h", 1, 100), new Target("h", 2, 100)),
                Balancing.roundRobin(), policy, new ManualClock());
        TargetState first = upstream.targets().get(0);

        for (int i = 0; i < 10; i++) {
            first.recordFailure(HealthPolicy.Failure.TCP);
        }
        first.recordFailure(HealthPolicy.Failure.HTTP);
        first.recordFailure(HealthPolicy.Failure.HTTP);
        first.recordFailure(HealthPolicy.Failure.TIMEOUT);
        assertThat(first.healthy()).as("tcp uncounted; 2 of 3 HTTP and 1 of 2 timeouts").isTrue();

        first.recordSuccess();
        first.recordFailure(HealthPolicy.Failure.HTTP);
        first.recordFailure(HealthPolicy.Failure.HTTP);
        assertThat(first.healthy()).as("a success starts every count again").isTrue();
        first.recordFailure(HealthPolicy.Failure.HTTP);
        assertThat(first.healthy()).isFalse();
    }

    @Test
    void probesCountPerKindAndZeroThresholdsNeverFlipHealth() {
        HealthPolicy base = HealthPolicy.defaults().withPassive(0, Duration.ZERO);
        HealthPolicy neverUp = new HealthPolicy(base.passive(), base.openFor(), base.failureStatuses(), "/health",
                Duration.ofSeconds(1), base.activeTimeout(), base.activeHealthyStatuses(), base.activeUnhealthyStatuses(),
                0, new HealthPolicy.Thresholds(2, 0, 1));
        TargetState target = new Upstream("u", List.of(new Target("h", 1, 100)), Balancing.roundRobin(), neverUp,
                new ManualClock()).targets().get(0);

        target.recordProbeFailure(HealthPolicy.Failure.TCP);
        target.recordProbeFailure(HealthPolicy.Failure.TCP);
        target.recordProbeFailure(HealthPolicy.Failure.HTTP);
        assertThat(target.healthy()).as("tcp uncounted, 1 of 2 HTTP failures").isTrue();
        target.recordProbeFailure(HealthPolicy.Failure.TIMEOUT);
        assertThat(target.healthy()).isFalse();
        for (int i = 0; i < 5; i++) {
            target.recordProbeSuccess();
        }
        assertThat(target.healthy()).as("healthy.successes 0: probes never mark it healthy again").isFalse();
    }
}
