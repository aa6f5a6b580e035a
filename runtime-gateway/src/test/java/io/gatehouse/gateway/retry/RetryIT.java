package io.gatehouse.gateway.retry;

import static io.gatehouse.gateway.testing.TestUpstream.Behaviour.delayed;
import static io.gatehouse.gateway.testing.TestUpstream.Behaviour.hangUp;
import static io.gatehouse.gateway.testing.TestUpstream.Behaviour.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.runtime.ServiceSettings;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import io.gatehouse.gateway.upstream.Balancing;
import io.gatehouse.gateway.upstream.HealthPolicy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MeshRetry semantics through real sockets: a gateway in front of upstreams that fail on cue. */
@Timeout(30)
class RetryIT {

    private TestUpstream upstream;
    private RecordingTimer timer;

    @BeforeEach
    void start() {
        upstream = new TestUpstream();
        timer = new RecordingTimer();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private TestGateway gateway(RetryRules rules, int... ports) {
        return new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r", "s", "/"))
                .service(ServiceSettings.http("s"), rules, Balancing.roundRobin(), HealthPolicy.defaults().withPassive(0,
                        Duration.ZERO), ports)
                .build(), ServerLimits.defaults(), timer);
    }

    @Test
    void retriesUpToNumRetriesAndReturnsTheLastAnswer() {
        upstream.otherwise(r -> status(503));
        try (TestGateway gateway = gateway(RetryRules.on(3, "503"), upstream.port())) {
            TestClient.Response response = gateway.client.get("/x");

            assertThat(response.status()).isEqualTo(503);
            assertThat(upstream.received()).hasSize(4);
            assertThat(timer.delays).hasSize(3);
        }
    }

    @Test
    void aSuccessfulRetryIsWhatTheClientSees() {
        upstream.then(status(503), status(503));
        try (TestGateway gateway = gateway(RetryRules.on(5, "5xx"), upstream.port())) {
            TestClient.Response response = gateway.client.get("/x");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("echo GET /x ");
            assertThat(upstream.received()).hasSize(3);
        }
    }

    @Test
    void eachStatusConditionRetriesOnlyItsStatuses() {
        record Case(String condition, int retried, int notRetried) {
        }
        for (Case c : List.of(new Case("5xx", 500, 429), new Case("GatewayError", 502, 500),
                new Case("GatewayError", 504, 501), new Case("Retriable4xx", 409, 404), new Case("429", 429, 503))) {
            try (TestUpstream up = new TestUpstream(); TestGateway gateway = gateway(RetryRules.on(1, c.condition()),
                    up.port())) {
                up.then(status(c.retried()));
                assertThat(gateway.client.get("/a").status()).as(c.toString()).isEqualTo(200);
                assertThat(up.received()).as(c.toString()).hasSize(2);

                up.then(status(c.notRetried()));
                assertThat(gateway.client.get("/b").status()).as(c.toString()).isEqualTo(c.notRetried());
                assertThat(up.received()).as(c.toString()).hasSize(3);
            }
        }
    }

    @Test
    void connectFailureMovesToAnotherHostWhenOmittingPreviousHosts() throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        try (TestGateway gateway = gateway(RetryRules.on(2, "ConnectFailure").withOmitPreviousHosts(true), dead,
                upstream.port())) {
            for (int i = 0; i < 4; i++) {
                TestClient.Response response = gateway.client.get("/c" + i);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("x-upstream-port")).isEqualTo(String.valueOf(upstream.port()));
            }
            assertThat(upstream.received()).hasSize(4);
        }
    }

    @Test
    void omitPreviousHostsSendsEachRetryToANewTarget() {
        try (TestUpstream second = new TestUpstream(); TestUpstream third = new TestUpstream()) {
            for (TestUpstream up : List.of(upstream, second, third)) {
                up.otherwise(r -> status(503));
            }
            try (TestGateway gateway = gateway(RetryRules.on(2, "503").withOmitPreviousHosts(true), upstream.port(),
                    second.port(), third.port())) {
                assertThat(gateway.client.get("/x").status()).isEqualTo(503);
                assertThat(upstream.received()).hasSize(1);
                assertThat(second.received()).hasSize(1);
                assertThat(third.received()).hasSize(1);
            }
        }
    }

    @Test
    void aResetConnectionIsRetriedOnReset() {
        upstream.then(hangUp());
        try (TestGateway gateway = gateway(RetryRules.on(1, "Reset"), upstream.port())) {
            assertThat(gateway.client.get("/r").status()).isEqualTo(200);
            assertThat(upstream.received()).hasSize(2);
        }
    }

    @Test
    void aResetWithoutTheConditionIsA502() {
        upstream.then(hangUp());
        try (TestGateway gateway = gateway(RetryRules.on(1, "ConnectFailure"), upstream.port())) {
            assertThat(gateway.client.get("/r").status()).isEqualTo(502);
            assertThat(upstream.received()).hasSize(1);
        }
    }

    @Test
    void perTryTimeoutCutsASlowAttemptAndRetries() {
        upstream.then(delayed(Duration.ofSeconds(5)));
        try (TestGateway gateway = gateway(RetryRules.on(1, "Reset").withPerTryTimeout(Duration.ofMillis(300)),
                upstream.port())) {
            long started = System.nanoTime();
            TestClient.Response response = gateway.client.get("/slow");

            assertThat(response.status()).isEqualTo(200);
            assertThat(upstream.received()).hasSize(2);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void perTryTimeoutWithoutRetriesIsA504() {
        upstream.then(delayed(Duration.ofSeconds(5)));
        try (TestGateway gateway = gateway(RetryRules.on(0, "Reset").withPerTryTimeout(Duration.ofMillis(300)),
                upstream.port())) {
            assertThat(gateway.client.get("/slow").status()).isEqualTo(504);
        }
    }

    @Test
    void nonIdempotentRequestsRetryOnlyWhenThePolicyNamesTheirMethod() {
        upstream.otherwise(r -> status(503));
        Map<String, String> length = Map.of("Content-Length", "5");
        try (TestGateway gateway = gateway(RetryRules.on(2, "503"), upstream.port())) {
            assertThat(gateway.client.send("POST", "/p", length, "hello").status()).isEqualTo(503);
            assertThat(upstream.received()).hasSize(1);
        }
        upstream.received().clear();
        upstream.otherwise(r -> null).then(status(503));
        try (TestGateway gateway = gateway(RetryRules.on(2, "503", "HttpMethodPost"), upstream.port())) {
            TestClient.Response response = gateway.client.send("POST", "/p", length, "hello");

            assertThat(response.status()).isEqualTo(200);
            assertThat(upstream.received()).extracting(TestUpstream.Received::body).containsExactly("hello", "hello");
            assertThat(gateway.client.get("/g").status()).isEqualTo(200);
        }
    }

    @Test
    void methodConditionsRestrictRetriesToThoseMethods() {
        upstream.otherwise(r -> status(503));
        try (TestGateway gateway = gateway(RetryRules.on(2, "503", "HttpMethodPut"), upstream.port())) {
            assertThat(gateway.client.get("/g").status()).isEqualTo(503);
            assertThat(upstream.received()).hasSize(1);
            assertThat(gateway.client.send("PUT", "/p", Map.of("Content-Length", "2"), "hi").status()).isEqualTo(503);
            assertThat(upstream.received()).hasSize(4);
        }
    }

    @Test
    void streamedBodiesAreNotReplayedButBufferedOnesAre() {
        upstream.otherwise(r -> status(503));
        RetryRules rules = RetryRules.on(2, "503", "HttpMethodPost").withMaxBufferedBody(8);
        try (TestGateway gateway = gateway(rules, upstream.port())) {
            assertThat(gateway.client.send("POST", "/chunked", Map.of(), "streamed").status()).isEqualTo(503);
            assertThat(upstream.received()).hasSize(1);

            assertThat(gateway.client.send("POST", "/big", Map.of("Content-Length", "9"), "too-large").status())
                    .isEqualTo(503);
            assertThat(upstream.received()).hasSize(2);

            assertThat(gateway.client.send("POST", "/small", Map.of("Content-Length", "5"), "small").status())
                    .isEqualTo(503);
            assertThat(upstream.received()).hasSize(5);
        }
    }

    @Test
    void retriableRequestHeadersGateRetries() {
        upstream.otherwise(r -> status(503));
        RetryRules rules = RetryRules.on(1, "503").withRetriableHeaders(
                List.of(new HeaderMatcher("x-retry", HeaderMatcher.Type.EXACT, "yes")), List.of());
        try (TestGateway gateway = gateway(rules, upstream.port())) {
            gateway.client.get("/a");
            assertThat(upstream.received()).hasSize(1);
            gateway.client.get("/b", Map.of("X-Retry", "yes"));
            assertThat(upstream.received()).hasSize(3);
        }
    }

    @Test
    void retriableResponseHeadersTriggerRetriesWhateverTheStatus() {
        upstream.then(status(200, Map.of("x-try-again", "1")));
        RetryRules rules = RetryRules.on(1, "503").withRetriableHeaders(List.of(),
                List.of(new HeaderMatcher("x-try-again", HeaderMatcher.Type.PRESENT, null)));
        try (TestGateway gateway = gateway(rules, upstream.port())) {
            TestClient.Response response = gateway.client.get("/a");
            assertThat(response.header("x-try-again")).isNull();
            assertThat(upstream.received()).hasSize(2);
        }
    }

    @Test
    void rateLimitedBackOffWaitsExactlyWhatTheResetHeaderSays() {
        upstream.then(status(503, Map.of("Retry-After", "7")), status(503, Map.of("X-Other", "x")));
        RetryRules rules = RetryRules.on(2, "503").withBackOff(Duration.ofMillis(10), Duration.ofMillis(50))
                .withRateLimitedBackOff(List.of(new ResetHeader("retry-after", ResetHeader.Format.SECONDS)), null);
        try (TestGateway gateway = gateway(rules, upstream.port())) {
            assertThat(gateway.client.get("/limited").status()).isEqualTo(200);
            assertThat(timer.delays).hasSize(2);
            assertThat(timer.delays.get(0)).isEqualTo(Duration.ofSeconds(7));
            assertThat(timer.delays.get(1)).isLessThan(Duration.ofMillis(30));
        }
    }

    @Test
    void exponentialDelaysGrowWithTheRetryNumber() {
        upstream.otherwise(r -> status(503));
        RetryRules rules = RetryRules.on(3, "503").withBackOff(Duration.ofMillis(100), Duration.ofSeconds(10));
        try (TestGateway gateway = gateway(rules, upstream.port())) {
            for (int i = 0; i < 30; i++) {
                gateway.client.get("/e");
            }
        }
        assertThat(timer.delays).hasSize(90);
        for (int i = 0; i < timer.delays.size(); i++) {
            int retry = i % 3 + 1;
            assertThat(timer.delays.get(i)).isLessThan(Duration.ofMillis(100L * ((1L << retry) - 1)));
        }
        double firstMean = java.util.stream.IntStream.range(0, 30).mapToLong(i -> timer.delays.get(3 * i).toMillis())
                .average().orElseThrow();
        double thirdMean = java.util.stream.IntStream.range(0, 30)
                .mapToLong(i -> timer.delays.get(3 * i + 2).toMillis()).average().orElseThrow();
        assertThat(thirdMean).isGreaterThan(firstMean);
    }
}
