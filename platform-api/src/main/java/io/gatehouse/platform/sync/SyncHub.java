package io.gatehouse.platform.sync;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.gatehouse.gateway.sync.CloseCodes;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The sync hub of this control-plane replica: a WebSocket listener of its own ({@code gatehouse.sync.port},
 * TLS by default) where gateways connect with a gateway token or a client certificate pinned to their control
 * plane ({@link GatewayCertificates}). It keeps one {@link PlaneFeed} per control
 * plane with sessions here, pushes each committed change to them ({@link #changed}), closes sessions whose
 * token is revoked ({@link #revoked}) or that fell silent, and records nodes in the {@link NodeRegistry}.
 *
 * <p>Blocking work (token lookup, registry writes, config reads) never runs on a Netty event loop: incoming
 * messages are handled on a bounded elastic worker per session, pushes on a dedicated bounded pool.
 */
public class SyncHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncHub.class);
    static final String CONTROL_PLANE_DELETED = "the control plane of this gateway was deleted, and its gateway tokens with it";

    private final SyncProperties properties;
    private final GatewayTokens tokens;
    private final GatewayCertificates certificates;
    private final NodeRegistry nodes;
    private final PlaneConfigs configs;
    private final SslContext ssl;
    private final Clock clock;
    private final Map<UUID, PlaneFeed> feeds = new ConcurrentHashMap<>();
    private final Scheduler pushes = Schedulers.newBoundedElastic(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
            100_000, "gatehouse-sync-push");
    private volatile DisposableServer server;
    /** The port of the first bind: a restarted listener comes back where gateways dial (matters with port 0). */
    private volatile int boundPort;
    private volatile Disposable sweeper;
    private volatile TrafficSink trafficSink;
    private volatile SyncMeters meters;

    SyncHub(SyncProperties properties, GatewayTokens tokens, GatewayCertificates certificates, NodeRegistry nodes,
            PlaneConfigs configs, SslContext ssl, Clock clock) {
        this.properties = properties;
        this.tokens = tokens;
        this.certificates = certificates;
        this.nodes = nodes;
        this.configs = configs;
        this.ssl = ssl;
        this.clock = clock;
    }

    /** Takes the traffic reports gateways send from now on (set once, at wiring). */
    void trafficSink(TrafficSink sink) {
        this.trafficSink = sink;
    }

    /** Where traffic reports go; {@code null} when analytics is off (the hub then does not take them). */
    TrafficSink trafficSink() {
        return trafficSink;
    }

    void meters(SyncMeters meters) {
        this.meters = meters;
    }

    /** The hub's meters, {@code null} without a meter registry. */
    SyncMeters meters() {
        return meters;
    }

    /** The port the listener is bound to (useful when configured as 0). */
    public int port() {
        DisposableServer running = server;
        if (running == null) {
            throw new IllegalStateException("the sync listener is not running");
        }
        return running.port();
    }

    /** Whether the listener speaks TLS. */
    public boolean secure() {
        return ssl != null;
    }

    /** Number of live sessions on this replica. */
    public int sessionCount() {
        return feeds.values().stream().mapToInt(feed -> feed.sessions.size()).sum();
    }

    /** Number of live sessions of one control plane on this replica. */
    public int sessionCount(UUID controlPlaneId) {
        PlaneFeed feed = feeds.get(controlPlaneId);
        return feed == null ? 0 : feed.sessions.size();
    }

    /**
     * The config hash of a control plane that has sessions on this replica, caught up with the database: its feed
     * holds every entity's digest already. Empty when no session of it is here (or it is gone).
     */
    Optional<PlaneConfigs.HashAt> liveHash(UUID controlPlaneId) {
        PlaneFeed feed = feeds.get(controlPlaneId);
        return feed == null ? Optional.empty() : feed.latestHash();
    }

    /** A control plane reached {@code revision}: every session of it on this replica gets it pushed. */
    public void changed(UUID controlPlaneId, long revision) {
        PlaneFeed feed = feeds.get(controlPlaneId);
        if (feed == null) {
            return;
        }
        pushes.schedule(() -> {
            try {
                feed.advance(revision);
                long latest = feed.revision();
                if (latest < 0) {
                    feed.sessions.forEach(s -> s.close(CloseCodes.CONTROL_PLANE_GONE, CONTROL_PLANE_DELETED));
                    return;
                }
                feed.sessions.forEach(session -> session.offer(latest));
            } catch (RuntimeException ex) {
                log.warn("Could not advance control plane {} to revision {}", controlPlaneId, revision, ex);
            }
        });
    }

    /** Catches every feed up with the database (after the change notifications may have been missed). */
    public void refreshAll() {
        feeds.values().forEach(feed -> changed(feed.controlPlaneId(), Long.MAX_VALUE));
    }

    /** A token was revoked: its sessions on this replica are closed now. */
    public void revoked(UUID tokenId) {
        feeds.values().forEach(feed -> feed.sessions.stream()
                .filter(session -> session.grant().tokenId().equals(tokenId))
                .forEach(session -> session.close(CloseCodes.TOKEN_REVOKED, "the gateway token was revoked")));
    }

    /** A pinned client certificate was removed: sessions it authenticated on this replica are closed now. */
    public void certificateRemoved(UUID certificateId) {
        feeds.values().forEach(feed -> feed.sessions.stream()
                .filter(session -> session.grant().tokenId().equals(certificateId))
                .forEach(session -> session.close(CloseCodes.TOKEN_REVOKED,
                        "the client certificate this gateway presented is no longer pinned to its control plane")));
    }

    /** A control plane was deleted (its tokens with it): its sessions on this replica are closed now. */
    public void deleted(UUID controlPlaneId) {
        PlaneFeed feed = feeds.get(controlPlaneId);
        if (feed != null) {
            feed.sessions.forEach(session -> session.close(CloseCodes.CONTROL_PLANE_GONE, CONTROL_PLANE_DELETED));
        }
    }

    PlaneFeed join(HubSession session) {
        // Joining and leaving both happen inside the map's atomic compute, so a feed is never dropped
        // between a session finding it and adding itself.
        return feeds.compute(session.grant().controlPlaneId(), (id, existing) -> {
            PlaneFeed feed = existing == null ? new PlaneFeed(id, configs, properties.maxDeltaChanges()) : existing;
            feed.sessions.add(session);
            return feed;
        });
    }

    void leave(HubSession session) {
        UUID id = session.grant().controlPlaneId();
        feeds.computeIfPresent(id, (key, feed) -> {
            feed.sessions.remove(session);
            return feed.sessions.isEmpty() ? null : feed;
        });
    }

    @Override
    public void start() {
        HttpServer http = HttpServer.create().host(properties.host()).port(boundPort > 0 ? boundPort : properties.port())
                .route(routes -> routes.get(SyncProtocol.PATH, this::upgrade));
        if (ssl != null) {
            http = http.secure(spec -> spec.sslContext(ssl));
        }
        server = http.bindNow(Duration.ofSeconds(10));
        boundPort = server.port();
        Duration timeout = properties.heartbeatTimeout();
        Duration every = timeout.dividedBy(4).isZero() ? Duration.ofMillis(10) : timeout.dividedBy(4);
        sweeper = Flux.interval(every, every).subscribe(tick -> closeSilentSessions(timeout));
        log.info("Config sync listening on {}://{}:{}{}", ssl == null ? "ws" : "wss", properties.host(), server.port(),
                SyncProtocol.PATH);
    }

    @Override
    public void stop() {
        Disposable sweeping = sweeper;
        if (sweeping != null) {
            sweeping.dispose();
        }
        feeds.values().forEach(feed -> feed.sessions.forEach(session -> session.close(CloseCodes.GOING_AWAY,
                "the control plane replica is shutting down")));
        DisposableServer running = server;
        if (running != null) {
            running.disposeNow(Duration.ofSeconds(5));
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    private void closeSilentSessions(Duration timeout) {
        java.time.Instant deadline = clock.instant().minus(timeout);
        feeds.values().forEach(feed -> feed.sessions.stream()
                .filter(session -> session.lastReceived().isBefore(deadline))
                .forEach(session -> session.close(CloseCodes.HEARTBEAT_TIMEOUT,
                        "no heartbeat for " + timeout.toMillis() + " ms")));
    }

    private Mono<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        InetSocketAddress remote = request.remoteAddress();
        String ip = remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : null;
        X509Certificate presented = clientCertificate(request);
        WebsocketServerSpec spec = WebsocketServerSpec.builder().maxFramePayloadLength(SyncProtocol.MAX_MESSAGE_BYTES).build();
        // The upgrade happens at once, on the connection's event loop; the token (a database read) is checked after
        // it. Upgrading from the worker that checked the token raced the gateway's first frame: a hello arriving while
        // the pipeline was still switching from HTTP to WebSocket was lost, and the gateway then waited for nothing
        // (or, once it heartbeats, was refused with "the first message must be hello"). Frames that arrive while
        // the token is checked wait in the inbound buffer until the session reads them.
        return response.sendWebsocket((in, out) -> Mono.fromCallable(() -> authenticate(authorization, presented))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(grant -> grant
                        .map(found -> converse(found, ip, in, out))
                        .orElseGet(() -> out.sendClose(CloseCodes.UNAUTHORIZED, presented != null && authorization == null
                                ? "the client certificate is not pinned to any control plane"
                                : "unknown or revoked gateway token; send 'Authorization: Bearer gh_gwt_…' or a pinned"
                                        + " client certificate"))),
                spec);
    }

    /**
     * A gateway token when the upgrade request carries one (it is what the gateway was told to use), otherwise
     * the client certificate of the TLS handshake, when it is pinned to a control plane.
     */
    private Optional<TokenGrant> authenticate(String authorization, X509Certificate presented) {
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            return tokens.authenticate(authorization.substring(7).strip());
        }
        return presented == null ? Optional.empty() : certificates.authenticate(presented);
    }

    /** The client certificate the gateway presented in the TLS handshake, if any. */
    private static X509Certificate clientCertificate(HttpServerRequest request) {
        X509Certificate[] found = new X509Certificate[1];
        request.withConnection(connection -> {
            SslHandler tls = connection.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                return;
            }
            try {
                Certificate[] chain = tls.engine().getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                    found[0] = leaf;
                }
            } catch (SSLPeerUnverifiedException none) {
                // no client certificate: the gateway authenticates with a token
            }
        });
        return found[0];
    }

    private Mono<Void> converse(TokenGrant grant, String ip, WebsocketInbound in, WebsocketOutbound out) {
        HubSession session = new HubSession(grant, ip, this, nodes, pushes, clock);
        Mono<Void> inbound = in.aggregateFrames(SyncProtocol.MAX_MESSAGE_BYTES)
                .receiveFrames()
                .ofType(TextWebSocketFrame.class)
                .map(TextWebSocketFrame::text)
                .doOnNext(text -> session.received())
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(session::onText)
                .then()
                .onErrorResume(error -> {
                    log.warn("Sync session of control plane {} failed", grant.controlPlaneId(), error);
                    return Mono.empty();
                })
                .doFinally(signal -> Schedulers.boundedElastic().schedule(session::ended));
        Mono<Void> outbound = out.sendString(session.outbound().asFlux(), java.nio.charset.StandardCharsets.UTF_8).then()
                .then(session.closing().asMono()
                        .flatMap(closing -> out.sendClose(closing.code(), closing.reason())))
                .onErrorResume(error -> Mono.empty());
        return Mono.when(inbound, outbound);
    }
}
