package io.gatehouse.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The cleartext listener's idle timeout (one timer per connection, {@link IdleConnections}) over raw sockets: a
 * keep-alive connection left idle after a response is closed by the gateway; one kept busy with requests for many
 * idle timeouts in a row is not; a response that streams for longer than the idle timeout is delivered whole. What is
 * asserted is who ends the connection and what arrived, not how fast.
 */
@Timeout(60)
class IdleConnectionsIT {

    private static final Duration IDLE = Duration.ofMillis(600);
    private static final ServerLimits LIMITS = ServerLimits.defaults().withTimeouts(IDLE, Duration.ofSeconds(30));
    private static final String REQUEST = "GET /r HTTP/1.1\r\nHost: idle.test\r\n\r\n";

    private static TestGateway gateway(int upstreamPort) {
        return new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstreamPort)
                .build(), LIMITS, RetryTimer.standard());
    }

    /** Reads one response with a Content-Length body, or the whole chunked body up to its last chunk. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a whole response: " + seen.toString(StandardCharsets.ISO_8859_1));
            }
            seen.write(b);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                continue;
            }
            String head = text.substring(0, headEnd).toLowerCase();
            int length = head.indexOf("content-length: ");
            if (length >= 0) {
                int end = head.indexOf("\r\n", length);
                int size = Integer.parseInt(head.substring(length + 16, end < 0 ? head.length() : end).trim());
                if (text.length() - headEnd - 4 >= size) {
                    return text;
                }
            } else if (text.endsWith("\r\n0\r\n\r\n")) {
                return text;
            }
        }
    }

    /** True when the gateway closed the connection (end of stream or reset) before {@code patience} passed. */
    private static boolean closedByGateway(Socket socket, Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aKeepAliveConnectionLeftIdleAfterAResponseIsClosed() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream.port());
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(closedByGateway(socket, Duration.ofSeconds(20))).as("closed once idle").isTrue();
            assertThat(gateway.client.get("/after").status()).isEqualTo(200);
        }
    }

    @Test
    void aConnectionKeptBusyForManyIdleTimeoutsStaysOpen() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream.port());
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            long pauseMillis = IDLE.toMillis() / 4;
            int requests = 20;
            for (int i = 0; i < requests; i++) {
                out.write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(readResponse(socket.getInputStream())).as("request %d on the same connection", i)
                        .startsWith("HTTP/1.1 200");
                Thread.sleep(pauseMillis);
            }
            assertThat(upstream.received()).hasSize(requests);
        }
    }

    @Test
    void aResponseStreamingForLongerThanTheIdleTimeoutIsNotCut() throws Exception {
        int chunks = 8;
        long gapMillis = IDLE.toMillis() / 2;
        DisposableServer slow = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Flux.range(0, chunks)
                        .delayElements(Duration.ofMillis(gapMillis)).map(i -> "chunk-" + i + ";")))
                .bindNow();
        try (TestGateway gateway = gateway(slow.port()); Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200").contains("chunk-0;").contains("chunk-" + (chunks - 1) + ";");
            out.write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(socket.getInputStream())).as("the connection is still usable after it")
                    .startsWith("HTTP/1.1 200");
        } finally {
            slow.disposeNow();
        }
    }

    @Test
    void aSlowUpstreamAnswerIsAwaitedPastTheIdleTimeout() throws Exception {
        try (TestUpstream upstream = new TestUpstream()
                .then(TestUpstream.Behaviour.delayed(IDLE.multipliedBy(3)));
                TestGateway gateway = gateway(upstream.port());
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anUploadAnsweredWith100ContinueIsNotTakenForTheEndOfItsResponse() throws Exception {
        try (TestUpstream upstream = new TestUpstream()
                .then(TestUpstream.Behaviour.delayed(IDLE.multipliedBy(3)));
                TestGateway gateway = gateway(upstream.port());
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: idle.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream interim = new ByteArrayOutputStream();
            while (!interim.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the interim answer arrives before the connection ends").isNotNegative();
                interim.write(b);
            }
            assertThat(interim.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 100");
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(in)).as("the answer after an upstream slower than the idle timeout")
                    .startsWith("HTTP/1.1 200");
            assertThat(upstream.last().body()).isEqualTo("hello");
        }
    }

    @Test
    void anIdleH2cConnectionIsClosed() throws Exception {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] emptySettings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
        try (TestUpstream upstream = new TestUpstream(); TestGateway gateway = gateway(upstream.port());
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(preface);
            out.write(emptySettings);
            out.flush();
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            boolean closed = false;
            try {
                while (in.read() >= 0) {
                    // the server's SETTINGS, the ack of ours, then a GOAWAY on closing
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            assertThat(closed).as("closed once idle").isTrue();
        }
    }
}
