package io.gatehouse.platform.sync;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatehouse.gateway.sync.Ack;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.Heartbeat;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Many lightweight gateways in a process of their own, for {@link SyncBenchmark}: each one says hello, and ACKs
 * every snapshot or delta as soon as it has decoded it (no check, compile or disk cache: that is the gateway's
 * apply time, measured apart), so what the benchmark times is the hub's fan-out. Each arrival is printed as
 * {@code applied <gateway> <revision> <System.nanoTime()>} (the monotonic clock is the machine's, so the
 * benchmark's process can compare it with its own); {@code ready} once every gateway holds its first config.
 * Standard input closing ends the process.
 *
 * <pre>java -cp … io.gatehouse.platform.sync.SimulatedGateways wss://127.0.0.1:port/v1/sync token cert.pem count prefix</pre>
 */
final class SimulatedGateways {

    private SimulatedGateways() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String token = args[1];
        Path trusted = Path.of(args[2]);
        int count = Integer.parseInt(args[3]);
        String prefix = args[4];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(count);
        SslContext ssl = "wss".equals(endpoint.getScheme())
                ? SslContextBuilder.forClient().trustManager(trusted.toFile()).build() : null;
        HttpClient http = HttpClient.newConnection().headers(h -> h.set("Authorization", "Bearer " + token));
        if (ssl != null) {
            http = http.secure(spec -> spec.sslContext(ssl).handshakeTimeout(Duration.ofSeconds(60)));
        }
        List<Disposable> connections = new CopyOnWriteArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            connect(http, endpoint, prefix, i, lines, ready, failed, connections);
            Thread.sleep(10); // 200 TLS handshakes at once on two busy cores time out; a few ms apart they do not
        }
        Thread printer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                String line;
                boolean any = false;
                while ((line = lines.poll()) != null) {
                    out.println(line);
                    any = true;
                }
                if (any) {
                    out.flush();
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }, "printer");
        printer.setDaemon(true);
        printer.start();
        if (ready.await(300, TimeUnit.SECONDS)) {
            lines.add("ready");
        } else {
            lines.add("not-ready " + ready.getCount() + " failed " + failed.get());
        }
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (stdin.readLine() != null) {
                // run until the benchmark closes our standard input
            }
        }
        connections.forEach(Disposable::dispose);
        System.exit(0);
    }

    /** Connects gateway {@code index}; a connection that fails before its first config is retried after 500 ms. */
    private static void connect(HttpClient http, URI endpoint, String prefix, int index, Queue<String> lines,
            CountDownLatch ready, AtomicInteger failed, List<Disposable> connections) {
        Gateway gateway = new Gateway();
        connections.add(http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(SyncProtocol.MAX_MESSAGE_BYTES).build())
                .uri(endpoint.toString())
                .handle((in, outbound) -> {
                    gateway.send(new Hello(SyncProtocol.VERSION, prefix + "-" + index, "sim-" + index, "bench", List.of(), 0, ""));
                    return outbound.sendString(gateway.outbound.asFlux()).then()
                            .and(in.aggregateFrames(SyncProtocol.MAX_MESSAGE_BYTES).receiveFrames()
                                    .ofType(TextWebSocketFrame.class)
                                    .doOnNext(frame -> {
                                        long at = System.nanoTime();
                                        SyncMessage message = SyncCodec.read(frame.text());
                                        if (message instanceof Snapshot snapshot) {
                                            gateway.held(snapshot.revision(), snapshot.hash());
                                        } else if (message instanceof Delta delta) {
                                            gateway.held(delta.revision(), delta.hash());
                                        } else {
                                            return;
                                        }
                                        lines.add("applied " + index + " " + gateway.revision + " " + at);
                                        if (!gateway.ready) {
                                            gateway.ready = true;
                                            ready.countDown();
                                        }
                                    })
                                    .then());
                })
                .doFinally(signal -> {
                    gateway.heartbeats.dispose();
                    if (!gateway.ready) {
                        failed.incrementAndGet();
                        reactor.core.scheduler.Schedulers.parallel().schedule(
                                () -> connect(http, endpoint, prefix, index, lines, ready, failed, connections), 500,
                                TimeUnit.MILLISECONDS);
                    }
                })
                .subscribe(signal -> { }, error -> { }));
        gateway.heartbeats = Flux.interval(Duration.ofSeconds(20)).subscribe(tick -> gateway.heartbeat());
    }

    /** One simulated gateway: what it holds, and its outgoing frames, sent one at a time. */
    private static final class Gateway {

        final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        volatile long revision;
        volatile String hash = "";
        volatile boolean ready;
        volatile Disposable heartbeats = Flux.never().subscribe();

        void held(long revision, String hash) {
            this.revision = revision;
            this.hash = hash;
            send(new Ack(revision, hash));
        }

        void heartbeat() {
            send(new Heartbeat(revision, hash));
        }

        synchronized void send(SyncMessage message) {
            outbound.emitNext(SyncCodec.write(message), Sinks.EmitFailureHandler.FAIL_FAST);
        }
    }
}
