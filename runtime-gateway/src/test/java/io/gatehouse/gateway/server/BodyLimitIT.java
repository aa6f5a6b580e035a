package io.gatehouse.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's own request body limit ({@link ServerLimits#maxBodyBytes()}, no plugin involved) through real
 * sockets: a declared length over it is a 413 before anything is proxied, a chunked body that grows over it while
 * streaming is a 413 too, and a body within it is proxied intact.
 */
@Timeout(30)
class BodyLimitIT {

    @Test
    void bodiesOverTheGatewaysLimitAre413sDeclaredOrStreamed() {
        try (TestUpstream upstream = new TestUpstream();
                TestGateway gateway = new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/"))
                        .service("s", upstream.port()).build(), ServerLimits.defaults().withMaxBody(100),
                        RetryTimer.standard())) {
            TestClient.Response declared = gateway.client.sendBytes("POST", "/declared",
                    Map.of("Content-Length", "200"), "d".repeat(200).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.body()).contains("\"message\":\"Request size limit exceeded\"", "\"request_id\":");
            assertThat(upstream.received()).isEmpty();

            TestClient.Response streamed = gateway.client.send("POST", "/streamed", Map.of(), "s".repeat(200));
            assertThat(streamed.status()).isEqualTo(413);
            assertThat(upstream.received()).as("nothing over the limit reached the upstream whole")
                    .noneMatch(seen -> seen.body().length() > 100);

            TestClient.Response within = gateway.client.send("POST", "/within", Map.of(), "w".repeat(100));
            assertThat(within.status()).isEqualTo(200);
            assertThat(upstream.last().body()).isEqualTo("w".repeat(100));
        }
    }
}
