package io.gatehouse.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.analytics.TrafficSettings;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's side of traffic shipping against a scripted control plane on a real WebSocket: reports go out only
 * after the control plane's first traffic_ack, a report whose ack never came is sent again after a reconnect, and an
 * acknowledged one never again.
 */
@Timeout(60)
class TrafficShippingIT {

    @TempDir
    Path cache;
    DisposableServer hub;
    SyncClient client;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.stop();
        }
        if (hub != null) {
            hub.disposeNow();
        }
    }

    @Test
    void aReportIsResentAfterAReconnectUntilAcknowledged() throws Exception {
        BlockingQueue<SyncMessage> received = new LinkedBlockingQueue<>();
        AtomicInteger connections = new AtomicInteger();
        hub = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.ws(SyncProtocol.PATH, (in, out) -> {
                // Decided by the hub itself, per connection: a flag the test thread flips could change before the
                // first connection's handler reads it, and that connection would then acknowledge instead of dropping.
                boolean acknowledges = connections.incrementAndGet() > 1;
                Sinks.Many<String> replies = Sinks.many().unicast().onBackpressureBuffer();
                Flux<String> inbound = in.receiveFrames().ofType(TextWebSocketFrame.class).map(TextWebSocketFrame::text);
                inbound.subscribe(text -> {
                    SyncMessage message = SyncCodec.read(text);
                    if (message instanceof Hello hello) {
                        received.add(hello);
                        replies.tryEmitNext(SyncCodec.write(new TrafficAck("", 0)));
                    }
                    else if (message instanceof TrafficReport report) {
                        received.add(report);
                        if (acknowledges) {
                            replies.tryEmitNext(SyncCodec.write(new TrafficAck(report.stream(), report.seq())));
                        }
                        else {
                            // The first connection drops before its ack (the ack is "lost").
                            replies.tryEmitComplete();
                        }
                    }
                });
                return out.sendString(replies.asFlux()).then(out.sendClose());
            }))
            .bindNow();
        MovableClock clock = new MovableClock();
        TrafficRecorder recorder = new TrafficRecorder(TrafficSettings.DEFAULTS, clock);
        SyncClientSettings settings = new SyncClientSettings(URI.create("ws://127.0.0.1:" + hub.port() + SyncProtocol.PATH),
                "gh_gwt_test", null, "node-1", "host", "1", List.of(), cache, Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(200));
        client = new SyncClient(settings, config -> () -> { }, Clock.systemUTC(), recorder.outbox());
        client.start();

        Hello hello = (Hello) next(received);
        assertThat(hello.capabilities()).containsExactly(Hello.TRAFFIC_CAPABILITY);
        recorder.record("svc", "route", "", 200, 1, 2, 1_000_000, 500_000);
        clock.now = clock.now.plusSeconds(20);
        TrafficReport report = recorder.flush();

        assertThat(next(received)).isEqualTo(report);
        assertThat(next(received)).isInstanceOf(Hello.class);
        assertThat(next(received)).as("sent again on the new connection").isEqualTo(report);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorder.outbox().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(recorder.outbox().size()).isZero();
        assertThat(received.poll(2500, TimeUnit.MILLISECONDS)).as("never sent after its ack").isNull();
        assertThat(connections.get()).isEqualTo(2);
    }

    private static SyncMessage next(BlockingQueue<SyncMessage> received) throws InterruptedException {
        SyncMessage message = received.poll(15, TimeUnit.SECONDS);
        assertThat(message).as("a message within 15 s").isNotNull();
        return message;
    }
}
