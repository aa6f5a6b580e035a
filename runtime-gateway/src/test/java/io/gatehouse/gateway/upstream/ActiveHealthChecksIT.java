package io.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.testing.Await;
import io.gatehouse.gateway.testing.TestUpstream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

@Timeout(30)
class ActiveHealthChecksIT {

    @Test
    void probesMarkTargetsUnhealthyAndHealthyAgain() {
        try (TestUpstream sick = new TestUpstream(); TestUpstream fine = new TestUpstream()) {
            sick.otherwise(r -> r.uri().equals("/health") ? TestUpstream.Behaviour.status(500) : null);
            HealthPolicy policy = HealthPolicy.defaults().withActive("/health", Duration.ofMillis(50), 2, 2);
            Upstream upstream = new Upstream("u", List.of(new Target("127.0.0.1", sick.port(), 100),
                    new Target("127.0.0.1", fine.port(), 100)), Balancing.roundRobin(), policy, Clock.systemUTC());
            Disposable probes = ActiveHealthChecks.start(upstream, HttpClient.create(), Schedulers.parallel());
            try {
                Await.until(Duration.ofSeconds(10), () -> !upstream.targets().get(0).healthy());
                assertThat(upstream.targets().get(1).healthy()).isTrue();
                assertThat(fine.received()).allSatisfy(r -> assertThat(r.uri()).isEqualTo("/health"));

                sick.otherwise(r -> null);
                Await.until(Duration.ofSeconds(10), () -> upstream.targets().get(0).healthy());
            } finally {
                probes.dispose();
            }
        }
    }
}
