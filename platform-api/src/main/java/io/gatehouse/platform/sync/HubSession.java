package io.gatehouse.platform.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatehouse.gateway.sync.Ack;
import io.gatehouse.gateway.sync.CloseCodes;
import io.gatehouse.gateway.sync.Heartbeat;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.Nack;
import io.gatehouse.gateway.sync.ResyncRequest;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.gateway.sync.TrafficAck;
import io.gatehouse.gateway.sync.TrafficReport;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The hub's side of one gateway connection.
 *
 * <p>State machine: AWAITING_HELLO → (hello, compatible) → SYNCING → closed. While syncing, the session keeps
 * only the revision the gateway holds, the latest revision wanted, and at most one push in flight (sent, not
 * yet ACKed or NACKed). A burst of changes while a push is in flight collapses into one "wanted" number; when
 * the ACK comes, the next push carries everything since the gateway's revision. So memory per session is
 * bounded (one message queued at most) and a slow gateway only delays itself. A NACKed revision is not pushed
 * again; the next change is.
 */
final class HubSession {

    private static final Logger log = LoggerFactory.getLogger(HubSession.class);

    /** How the session closes its WebSocket: set once, read by the connection handler. */
    record Closing(int code, String reason) {
    }

    private final TokenGrant grant;
    private final String ip;
    private final SyncHub hub;
    private final NodeRegistry nodes;
    private final Scheduler pushes;
    private final Clock clock;
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<Closing> closing = Sinks.one();

    private Hello hello;
    private PlaneFeed feed;
    private Set<String> plugins = Set.of();
    private long held;
    private String heldHash = "";
    private long wanted;
    private long inFlight = -1;
    private long rejected = -1;
    private boolean forceSnapshot;
    private boolean pushScheduled;
    /** Right after hello the held hash is compared with the latest, even when the revisions match. */
    private boolean needsCheck;
    /** When the push in flight was sent (System.nanoTime), for the push latency meter. */
    private long pushSentAt;
    private TrafficSink traffic;
    private volatile boolean closed;
    private volatile Instant lastReceived;

    HubSession(TokenGrant grant, String ip, SyncHub hub, NodeRegistry nodes, Scheduler pushes, Clock clock) {
        this.grant = grant;
        this.ip = ip;
        this.hub = hub;
        this.nodes = nodes;
        this.pushes = pushes;
        this.clock = clock;
        this.lastReceived = clock.instant();
    }

    TokenGrant grant() {
        return grant;
    }

    Sinks.Many<String> outbound() {
        return outbound;
    }

    Sinks.One<Closing> closing() {
        return closing;
    }

    Instant lastReceived() {
        return lastReceived;
    }

    /** Handles one message from the gateway; called one at a time, off the event loop. */
    void onText(String text) {
        try {
            handle(text);
        } catch (RuntimeException ex) {
            log.warn("Sync session of control plane {} failed on a message", grant.controlPlaneId(), ex);
            close(CloseCodes.GOING_AWAY, "the control plane could not handle the last message; reconnect");
        }
    }

    /**
     * A frame arrived (called on the connection's event loop, before the message waits for its worker): the
     * heartbeat timeout measures the gateway's silence, not how long this replica takes to handle what it sent.
     */
    void received() {
        lastReceived = clock.instant();
    }

    private void handle(String text) {
        SyncMessage message;
        try {
            message = SyncCodec.read(text);
        } catch (SyncCodec.MalformedMessageException ex) {
            close(CloseCodes.PROTOCOL_ERROR, ex.getMessage());
            return;
        }
        if (hello == null) {
            if (message instanceof Hello first) {
                onHello(first);
            } else {
                close(CloseCodes.PROTOCOL_ERROR, "the first message must be hello, not " + message.getClass().getSimpleName());
            }
            return;
        }
        if (message instanceof Ack ack) {
            nodes.acked(grant, hello.nodeId(), ack.revision(), ack.hash());
            pushAnswered(true);
            synchronized (this) {
                inFlight = -1;
                held = ack.revision();
                heldHash = ack.hash();
            }
            schedulePush();
        } else if (message instanceof Nack nack) {
            nodes.nacked(grant, hello.nodeId(), nack.revision(), describe(nack));
            pushAnswered(false);
            synchronized (this) {
                inFlight = -1;
                rejected = nack.revision();
            }
            schedulePush();
        } else if (message instanceof Heartbeat heartbeat) {
            nodes.seen(grant, hello.nodeId(), heartbeat.revision(), heartbeat.hash());
        } else if (message instanceof ResyncRequest resync) {
            log.info("Node {} asks for a snapshot: {}", hello.nodeId(), resync.reason());
            synchronized (this) {
                inFlight = -1;
                forceSnapshot = true;
            }
            schedulePush();
        } else if (message instanceof TrafficReport report && traffic != null) {
            onTraffic(report);
        } else if (message instanceof Hello) {
            close(CloseCodes.PROTOCOL_ERROR, "hello was already received");
        } else {
            close(CloseCodes.PROTOCOL_ERROR, "a gateway does not send " + message.getClass().getSimpleName().toLowerCase());
        }
    }

    private void onHello(Hello first) {
        if (first.protocolVersion() < SyncProtocol.OLDEST_SUPPORTED_VERSION || first.protocolVersion() > SyncProtocol.VERSION) {
            close(CloseCodes.PROTOCOL_UNSUPPORTED, "protocol version " + first.protocolVersion()
                    + " is not supported; this control plane speaks " + SyncProtocol.OLDEST_SUPPORTED_VERSION + " to "
                    + SyncProtocol.VERSION);
            return;
        }
        if (first.nodeId() == null || first.nodeId().isBlank() || first.nodeId().length() > 64) {
            close(CloseCodes.PROTOCOL_ERROR, "hello needs a node_id of 1 to 64 characters");
            return;
        }
        nodes.connected(grant, first, ip);
        PlaneFeed joined = hub.join(this);
        synchronized (this) {
            hello = first;
            plugins = Set.copyOf(first.plugins());
            held = first.revision();
            heldHash = first.hash();
            feed = joined;
            needsCheck = true;
        }
        offer(joined.revision());
        TrafficSink sink = hub.trafficSink();
        if (sink != null && first.capabilities().contains(Hello.TRAFFIC_CAPABILITY)) {
            traffic = sink;
            emit(SyncCodec.write(new TrafficAck("", 0)));
        }
    }

    /** Stores a traffic report, then acknowledges it; a report that cannot be stored stays unacknowledged. */
    private void onTraffic(TrafficReport report) {
        try {
            traffic.store(grant, hello.nodeId(), report);
        } catch (RuntimeException ex) {
            log.warn("Could not store traffic report {} of node {} (control plane {}); the gateway resends it after "
                    + "its next reconnect", report.seq(), hello.nodeId(), grant.controlPlaneId(), ex);
            return;
        }
        if (!emit(SyncCodec.write(new TrafficAck(report.stream(), report.seq())))) {
            close(CloseCodes.GOING_AWAY, "could not queue a message for this session");
        }
    }

    /**
     * Queues one message. Pushes (push pool), traffic acks (message thread) and the completion in close() come from
     * different threads, and the sink refuses concurrent signals instead of waiting, so they all take turns on the
     * session's monitor (see push()).
     */
    private boolean emit(String text) {
        synchronized (this) {
            return !closed && outbound.tryEmitNext(text).isSuccess();
        }
    }

    private void pushAnswered(boolean acked) {
        SyncMeters meters = hub.meters();
        long sentAt;
        synchronized (this) {
            sentAt = pushSentAt;
            pushSentAt = 0;
        }
        if (meters != null && sentAt != 0) {
            meters.pushAnswered(System.nanoTime() - sentAt, acked);
        }
    }

    /** The control plane reached {@code revision}: push it when nothing is in flight. */
    void offer(long revision) {
        synchronized (this) {
            wanted = Math.max(wanted, revision);
        }
        schedulePush();
    }

    private void schedulePush() {
        synchronized (this) {
            if (closed || feed == null || inFlight >= 0 || pushScheduled) {
                return;
            }
            boolean due = needsCheck || forceSnapshot || (wanted > held && wanted > rejected);
            if (!due) {
                return;
            }
            pushScheduled = true;
        }
        pushes.schedule(this::push);
    }

    /**
     * Builds and sends one push. From scheduling until the message is queued (or it turns out nothing is to
     * be sent) {@code pushScheduled} stays set, so no second push can be built from the same held revision;
     * the paths that send nothing re-check afterwards, so an offer that arrived meanwhile is not lost.
     */
    private void push() {
        long fromHeld;
        String fromHash;
        boolean snapshot;
        synchronized (this) {
            fromHeld = held;
            fromHash = heldHash;
            snapshot = forceSnapshot;
            needsCheck = false;
        }
        PlaneFeed.Push push;
        try {
            push = feed.pushFor(fromHeld, fromHash, snapshot, plugins);
        } catch (RuntimeException ex) {
            log.warn("Could not build the config for node {} of control plane {}", hello.nodeId(), grant.controlPlaneId(), ex);
            close(CloseCodes.GOING_AWAY, "the control plane could not read its config; reconnect");
            return;
        }
        if (push == null) {
            nodes.acked(grant, hello.nodeId(), fromHeld, fromHash);
            finishWithoutSending();
            return;
        }
        if (push.gone()) {
            close(CloseCodes.CONTROL_PLANE_GONE, SyncHub.CONTROL_PLANE_DELETED);
            return;
        }
        if (!push.missingPlugins().isEmpty()) {
            nodes.incompatible(grant, hello.nodeId(), push.revision(), "the config uses plugins this gateway does not have: "
                    + String.join(", ", push.missingPlugins()));
            synchronized (this) {
                rejected = push.revision();
            }
            finishWithoutSending();
            return;
        }
        boolean queued;
        synchronized (this) {
            pushScheduled = false;
            if (closed) {
                return;
            }
            pushSentAt = System.nanoTime();
            inFlight = push.revision();
            forceSnapshot = false;
            wanted = Math.max(wanted, push.revision());
            // Emitted under the session's monitor, like the completion in close(): the sink refuses concurrent
            // signals (FAIL_NON_SERIALIZED), and a refused completion would leave the session open for good.
            queued = outbound.tryEmitNext(push.text()).isSuccess();
        }
        if (!queued) {
            close(CloseCodes.GOING_AWAY, "could not queue a message for this session");
        }
    }

    private void finishWithoutSending() {
        synchronized (this) {
            pushScheduled = false;
        }
        schedulePush();
    }

    /** Closes the session with a code and reason the gateway can show; idempotent. */
    void close(int code, String reason) {
        String node;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing.tryEmitValue(new Closing(code, reason));
            outbound.tryEmitComplete();
            node = hello == null ? "(before hello)" : hello.nodeId();
        }
        log.info("Closing the sync session of node {} of control plane {}: {} {}", node, grant.controlPlaneId(), code,
                reason);
    }

    /** The connection ended (either side): leaves the feed and marks the node disconnected. */
    void ended() {
        synchronized (this) {
            closed = true;
            outbound.tryEmitComplete();
        }
        hub.leave(this);
        if (hello != null) {
            nodes.disconnected(grant, hello.nodeId());
        }
    }

    PlaneFeed feed() {
        return feed;
    }

    private static String describe(Nack nack) {
        StringBuilder text = new StringBuilder("revision ").append(nack.revision()).append(": ").append(nack.error());
        nack.details().stream().limit(20).forEach(detail -> text.append("\n").append(detail));
        return text.length() > 4000 ? text.substring(0, 4000) : text.toString();
    }
}
