package io.gatehouse.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.plugins.PluginFactory;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow clients (slowloris) over raw sockets: a connection that sends nothing, a request head trickled in line by
 * line, and a body trickled in byte by byte are all cut off by the gateway's idle and request-read timeouts, and
 * the gateway serves everyone else meanwhile. A body too slow to arrive is the client's fault: 408, never a 5xx. What is asserted is who ends the connection (the gateway, before the
 * slow client is done), not how fast.
 */
@Timeout(120)
class SlowClientsIT {

    private static final ServerLimits LIMITS = ServerLimits.defaults()
            .withTimeouts(Duration.ofMillis(800), Duration.ofMillis(800));
    /** Far longer than both timeouts: a client still sending by then was never cut off. */
    private static final int TRICKLES = 60;
    private static final int TRICKLE_PAUSE_MILLIS = 200;

    private static TestGateway gateway(TestUpstream upstream) {
        return new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstream.port())
                .build(), LIMITS, RetryTimer.standard());
    }

    /** A route whose plugin reads the whole body before proxying (request-transformer editing JSON fields). */
    private static TestGateway bufferingGateway(TestUpstream upstream) {
        PluginFactory factory = new PluginFactory(Consumers.of(List.of(), List.of(), List.of(), List.of(), List.of()),
                Clock.systemUTC(), new GatewayMetrics(), new LocalCounters(Clock.systemUTC()), c -> null, "test-node");
        Plugin transformer = factory.create(PluginDefinition.global("request-transformer",
                Map.of("add", Map.of("body", List.of("added:yes")))));
        return new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstream.port())
                .plugins("r", new PluginChain(List.of(transformer))).build(), LIMITS, RetryTimer.standard());
    }

    /** Sends each piece after a pause; returns how many pieces went out before the gateway closed the connection. */
    private static Outcome trickle(int port, String head, String piece) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int sent = 0;
            try {
                for (; sent < TRICKLES; sent++) {
                    Thread.sleep(TRICKLE_PAUSE_MILLIS);
                    out.write(piece.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (IOException closedByTheGateway) {
                return new Outcome(sent, read(socket.getInputStream()));
            }
            return new Outcome(sent, read(socket.getInputStream()));
        }
    }

    private record Outcome(int piecesSent, String answer) {
    }

    private static String read(InputStream in) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return "(still open) " + seen.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // reset: the gateway closed with unread input
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream);
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            assertThat(read(socket.getInputStream())).doesNotStartWith("(still open)");
            assertThat(gateway.client.get("/after").status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestHeadTrickledLineByLineIsCutOff() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream)) {
            Outcome outcome = trickle(gateway.port(), "GET /slow HTTP/1.1\r\nHost: slow.test\r\n", "X-Slow: 1\r\n");
            assertThat(outcome.piecesSent()).as("the gateway ended the connection first").isLessThan(TRICKLES);
            assertThat(outcome.answer()).doesNotStartWith("(still open)").doesNotStartWith("HTTP/1.1 5");
            assertThat(upstream.received()).isEmpty();
            assertThat(gateway.client.get("/after").status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyTrickledByteByByteIsCutOff() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream)) {
            Outcome outcome = trickle(gateway.port(),
                    "POST /slow HTTP/1.1\r\nHost: slow.test\r\nContent-Length: 1000\r\n\r\n", "x");
            assertThat(outcome.piecesSent()).as("the gateway ended the connection first").isLessThan(TRICKLES);
            assertThat(outcome.answer()).as("the client's fault, not the upstream's").startsWith("HTTP/1.1 408")
                    .contains("\"message\":\"Request timeout\"");
            assertThat(upstream.received()).as("the upstream never got a whole request").isEmpty();
            assertThat(gateway.client.get("/after").status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyTrickledToAPluginThatBuffersItIsA408() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = bufferingGateway(upstream)) {
            Outcome outcome = trickle(gateway.port(), "POST /slow HTTP/1.1\r\nHost: slow.test\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", " ");
            assertThat(outcome.piecesSent()).as("the gateway ended the connection first").isLessThan(TRICKLES);
            assertThat(outcome.answer()).startsWith("HTTP/1.1 408").contains("\"message\":\"Request timeout\"");
            assertThat(upstream.received()).isEmpty();
            assertThat(gateway.client.send("POST", "/after", Map.of("Content-Type", "application/json"), "{}").status())
                    .isEqualTo(200);
            assertThat(upstream.last().body()).isEqualTo("{\"added\":\"yes\"}");
        }
    }
}
