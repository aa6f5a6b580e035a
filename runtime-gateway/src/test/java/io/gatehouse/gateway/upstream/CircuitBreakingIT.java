package io.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.retry.RetryRules;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.runtime.ServiceSettings;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The passive circuit through real sockets, on a clock the test moves: open after the threshold, half-open once
 * {@code openFor} has passed, where one failure opens it again at once and a success closes it.
 */
@Timeout(60)
class CircuitBreakingIT {

    /** A clock that only moves when told to. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-22T06:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
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

    @Test
    void anOpenCircuitHalfOpensAfterOpenForThenReopensOnOneFailureAndClosesOnASuccess() {
        TestClock clock = new TestClock();
        try (TestUpstream flaky = new TestUpstream(); TestUpstream fine = new TestUpstream()) {
            flaky.otherwise(r -> TestUpstream.Behaviour.status(500));
            Upstream upstream = new Upstream("pool", List.of(new Target("127.0.0.1", flaky.port(), 100),
                    new Target("127.0.0.1", fine.port(), 100)), Balancing.roundRobin(),
                    HealthPolicy.defaults().withPassive(3, Duration.ofSeconds(30)), clock);
            try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                    .route(Route.ofPaths("r", "s", "/"))
                    .service(ServiceSettings.http("s"), RetryRules.none(), upstream).build())) {
                TestClient client = gateway.client;
                for (int i = 0; i < 6; i++) {
                    client.get("/open/" + i);
                }
                assertThat(flaky.received()).as("three failures open the circuit").hasSize(3);
                for (int i = 0; i < 4; i++) {
                    assertThat(client.get("/while-open/" + i).status()).isEqualTo(200);
                }
                assertThat(flaky.received()).hasSize(3);

                // Not yet: the circuit stays open for the whole openFor.
                clock.advance(Duration.ofSeconds(29));
                for (int i = 0; i < 4; i++) {
                    assertThat(client.get("/still-open/" + i).status()).isEqualTo(200);
                }
                assertThat(flaky.received()).hasSize(3);

                // Half-open: one request reaches the target; its failure opens the circuit again at once.
                clock.advance(Duration.ofSeconds(2));
                int failures = 0;
                for (int i = 0; i < 6; i++) {
                    failures += client.get("/half-open/" + i).status() == 500 ? 1 : 0;
                }
                assertThat(failures).as("a failed half-open probe reopens the circuit").isEqualTo(1);
                assertThat(flaky.received()).hasSize(4);

                // Half-open again, this time the target has recovered: a success closes the circuit for good.
                flaky.otherwise(r -> null);
                clock.advance(Duration.ofSeconds(31));
                for (int i = 0; i < 10; i++) {
                    assertThat(client.get("/closed/" + i).status()).isEqualTo(200);
                }
                assertThat(flaky.received()).hasSize(9);
                // Closed means the full threshold again: two new failures do not open it.
                flaky.otherwise(r -> TestUpstream.Behaviour.status(500));
                int before = flaky.received().size();
                for (int i = 0; i < 4; i++) {
                    client.get("/two-failures/" + i);
                }
                assertThat(flaky.received().size() - before).isEqualTo(2);
                flaky.otherwise(r -> null);
                for (int i = 0; i < 4; i++) {
                    client.get("/after/" + i);
                }
                assertThat(flaky.received().size() - before).isEqualTo(4);
            }
        }
    }
}
