package io.gatehouse.gateway.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.resources.LoopResources;

/**
 * A gateway's link to its control plane: boots from the disk cache, dials the sync endpoint, says hello,
 * applies what the control plane pushes (see {@link GatewaySession}), sends heartbeats, and redials with
 * exponential back-off and jitter whenever the connection ends. Messages are handled one at a time on a
 * dedicated thread, never on a Netty event loop, because compiling a large config takes a while.
 */
public final class SyncClient {

    private static final Logger log = LoggerFactory.getLogger(SyncClient.class);
    /** How often a session looks for traffic reports to ship. */
    private static final Duration TRAFFIC_POLL = Duration.ofSeconds(1);

    private final SyncClientSettings settings;
    private final ConfigApplier applier;
    private final DiskCache cache;
    private final Clock clock;
    private final Backoff backoff;
    private final HttpClient http;
    /**
     * The sync connection's own event loop: receiving a snapshot of tens of megabytes then never holds up one of
     * the event loops that serve proxied requests.
     */
    private final LoopResources loops;
    private final Scheduler worker;
    private final AtomicReference<SyncedConfig> current = new AtomicReference<>(SyncedConfig.empty());
    private final AtomicReference<SyncStatus> status;
    private final TrafficFeed traffic;
    private final AtomicReference<ApplyTimings> lastApply = new AtomicReference<>();
    private volatile Disposable loop;
    private volatile boolean stopped;

    public SyncClient(SyncClientSettings settings, ConfigApplier applier, Clock clock) {
        this(settings, applier, clock, null);
    }

    /**
     * A client that also ships traffic reports from {@code traffic} (see {@link TrafficReport}); {@code null}
     * ships none and does not announce the capability.
     */
    public SyncClient(SyncClientSettings settings, ConfigApplier applier, Clock clock, TrafficFeed traffic) {
        this.traffic = traffic;
        this.settings = settings;
        this.applier = applier;
        this.cache = new DiskCache(settings.cacheDirectory());
        this.clock = clock;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), new Random());
        this.loops = LoopResources.create("gatehouse-sync-io", 1, true);
        this.http = httpClient(settings).runOn(loops);
        this.worker = Schedulers.newSingle("gatehouse-sync-" + settings.nodeId(), true);
        this.status = new AtomicReference<>(
                new SyncStatus(SyncStatus.Connection.DISCONNECTED, 0, SyncedConfig.empty().hash(), "none", null, null));
    }

    /**
     * Serves the cached config if there is one, then starts dialing the control plane in the background.
     * Returns at once; a control plane that is away does not delay the gateway's start.
     */
    public void start() {
        cache.read().ifPresent(this::bootFromCache);
        dialAfter(Duration.ZERO);
    }

    /** Closes the session and stops redialing. */
    public void stop() {
        stopped = true;
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        worker.dispose();
        loops.disposeLater().subscribe();
    }

    /** The sync state, for {@code /status}. */
    public SyncStatus status() {
        return status.get();
    }

    /** The config this gateway serves. */
    public SyncedConfig current() {
        return current.get();
    }

    ConfigApplier applier() {
        return applier;
    }

    DiskCache cache() {
        return cache;
    }

    /** Where the time of the last revision applied from the control plane went; null before the first. */
    public ApplyTimings lastApply() {
        return lastApply.get();
    }

    void applied(SyncedConfig config, String cacheProblem, ApplyTimings timings) {
        lastApply.set(timings);
        current.set(config);
        backoff.reset();
        status.updateAndGet(s -> new SyncStatus(s.connection(), config.revision(), config.hash(), "control_plane",
                clock.instant(), cacheProblem));
    }

    void rejected(String error) {
        status.updateAndGet(s -> new SyncStatus(s.connection(), s.revision(), s.hash(), s.source(), s.lastSyncAt(),
                error));
    }

    private void bootFromCache(SyncedConfig cached) {
        try {
            applier.prepare(cached).run();
            current.set(cached);
            status.set(new SyncStatus(SyncStatus.Connection.DISCONNECTED, cached.revision(), cached.hash(), "cache",
                    null, null));
            log.info("Serving revision {} from the config cache until the control plane answers", cached.revision());
        }
        catch (ConfigApplier.RejectedConfigException ex) {
            log.warn("The cached config (revision {}) cannot run here: {}", cached.revision(), ex.getMessage());
        }
    }

    private void dialAfter(Duration delay) {
        if (stopped) {
            return;
        }
        loop = Mono.delay(delay).then(Mono.defer(this::session)).subscribe(close -> redial(close),
                error -> redial(new Close(0, error.getMessage() == null ? error.toString() : error.getMessage())));
    }

    private void redial(Close close) {
        connection(SyncStatus.Connection.DISCONNECTED, close.describe());
        if (stopped) {
            return;
        }
        Duration delay = CloseCodes.permanent(close.code()) ? backoff.longest() : backoff.next();
        log.info("Sync session ended ({}); dialing again in {} ms", close.describe(), delay.toMillis());
        dialAfter(delay);
    }

    /** One connection, from dial to close; completes with why it closed. */
    private Mono<Close> session() {
        AtomicReference<Close> closed = new AtomicReference<>(new Close(0, "connection closed"));
        return http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(SyncProtocol.MAX_MESSAGE_BYTES).build())
            .uri(settings.endpoint().toString())
            .handle((in, out) -> converse(in, out, closed))
            .then(Mono.fromSupplier(closed::get));
    }

    private Mono<Void> converse(WebsocketInbound in, WebsocketOutbound out, AtomicReference<Close> closed) {
        // The highest traffic report seq sent in this session; -1 until the control plane says it takes reports.
        AtomicLong shipped = new AtomicLong(-1);
        Sinks.Many<SyncMessage> outbound = Sinks.many().unicast().onBackpressureBuffer();
        GatewaySession session = new GatewaySession(this, message -> outbound.emitNext(message,
                Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))));
        in.receiveCloseStatus()
            .subscribe(status -> closed.set(new Close(status.code(), status.reasonText())));
        Mono<Void> inbound = in.aggregateFrames(SyncProtocol.MAX_MESSAGE_BYTES)
            .receiveFrames()
            .ofType(TextWebSocketFrame.class)
            // Copy the aggregated frame out (one memcpy, no UTF-16 decode on the event loop): the frame is released
            // when this returns, and the JSON is read on the sync thread straight from its UTF-8 bytes.
            .map(frame -> ByteBufUtil.getBytes(frame.content()))
            .publishOn(worker)
            .doOnNext(utf8 -> {
                long cpu = ApplyTimings.threadCpuNanos();
                long start = System.nanoTime();
                SyncMessage message = SyncCodec.read(utf8);
                long decodeNanos = System.nanoTime() - start;
                if (message instanceof TrafficAck ack) {
                    trafficAcked(ack, shipped);
                }
                else {
                    session.onMessage(message, decodeNanos, cpu);
                }
            })
            .then()
            .cache();
        SyncedConfig held = current.get();
        Hello hello = new Hello(SyncProtocol.VERSION, settings.nodeId(), settings.hostname(), settings.version(),
                settings.plugins(), held.revision(), held.isEmpty() && held.revision() == 0 ? "" : held.hash(),
                traffic == null ? List.of() : List.of(Hello.TRAFFIC_CAPABILITY));
        Flux<SyncMessage> heartbeats = Flux.interval(settings.heartbeatInterval())
            .map(tick -> new Heartbeat(current.get().revision(), current.get().hash()));
        Flux<SyncMessage> reports = traffic == null ? Flux.empty()
                : Flux.interval(TRAFFIC_POLL).onBackpressureDrop().concatMapIterable(tick -> unshipped(shipped));
        Flux<String> messages = Flux.concat(Mono.just(hello), Flux.merge(outbound.asFlux(), heartbeats, reports))
            .map(SyncCodec::write)
            .takeUntilOther(inbound.onErrorResume(error -> Mono.empty()));
        connection(SyncStatus.Connection.CONNECTED, null);
        return out.sendString(messages).then().then(inbound);
    }

    /**
     * The first traffic ack of a session (seq 0) opens shipping: everything unacknowledged is (re)sent, since a
     * report sent in an earlier session may never have been stored. Later acks retire their report for good.
     */
    private void trafficAcked(TrafficAck ack, AtomicLong shipped) {
        if (traffic == null) {
            return;
        }
        if (ack.seq() > 0) {
            traffic.acknowledged(ack.seq());
        }
        shipped.compareAndSet(-1, 0);
    }

    private List<TrafficReport> unshipped(AtomicLong shipped) {
        long from = shipped.get();
        if (from < 0) {
            return List.of();
        }
        List<TrafficReport> due = traffic.after(from);
        if (!due.isEmpty()) {
            shipped.set(due.get(due.size() - 1).seq());
        }
        return due;
    }

    private void connection(SyncStatus.Connection connection, String error) {
        status.updateAndGet(s -> new SyncStatus(connection, s.revision(), s.hash(), s.source(), s.lastSyncAt(),
                error == null ? s.lastError() : error));
    }

    private static HttpClient httpClient(SyncClientSettings settings) {
        HttpClient client = HttpClient.create();
        if (settings.token() != null) {
            client = client.headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + settings.token()));
        }
        if ("wss".equals(settings.endpoint().getScheme())) {
            SslContext ssl = sslContext(settings);
            client = client.secure(spec -> spec.sslContext(ssl));
        }
        return client;
    }

    private static SslContext sslContext(SyncClientSettings settings) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (settings.trustedCertificate() != null) {
                builder.trustManager(settings.trustedCertificate().toFile());
            }
            if (settings.clientCertificate() != null) {
                builder.keyManager(settings.clientCertificate().toFile(), settings.clientKey().toFile());
            }
            return builder.build();
        }
        catch (javax.net.ssl.SSLException | IllegalArgumentException ex) {
            throw new IllegalArgumentException("cannot use the trusted certificate " + settings.trustedCertificate()
                    + (settings.clientCertificate() == null ? "" : " or the client certificate "
                            + settings.clientCertificate() + " with its key " + settings.clientKey())
                    + ": " + ex.getMessage(), ex);
        }
    }

    /** Why a session ended: the WebSocket close code (0 when the connection failed or dropped) and reason. */
    record Close(int code, String reason) {

        String describe() {
            return code == 0 ? reason : code + " " + reason;
        }
    }
}
