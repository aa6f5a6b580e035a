package io.gatehouse.console.gateways;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.gatehouse.platform.sync.NodeStatusChanged;

/**
 * Server-sent events for the Gateways page: each open page holds one {@link SseEmitter} of its control plane
 * and gets a {@code nodes} event when a node of that control plane connects, acknowledges or rejects a
 * revision, becomes incompatible, disconnects or is forgotten — on any replica, since {@link NodeStatusChanged}
 * comes from the database's change channel. The event carries no data a page could leak: the page fetches its
 * node list again with its own session, in its own organization.
 *
 * <p>Changes are coalesced per control plane ({@value #COALESCE_MILLIS} ms), so a new revision ACKed by 200
 * gateways refreshes a page a few times, not 200. Sending happens on one thread of its own, never on the
 * notification thread. Every {@code refresh} interval each page is also told to refresh, which keeps "last
 * seen" current (heartbeats are not announced), shows nodes turning stale when their replica died, and keeps
 * the connection alive through proxies.
 */
@Component
class NodeEvents {

    static final String EVENT = "nodes";
    static final long COALESCE_MILLIS = 150;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final Map<UUID, Set<SseEmitter>> listeners = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gatehouse-console-node-events");
        thread.setDaemon(true);
        return thread;
    });

    NodeEvents() {
        sender.scheduleWithFixedDelay(() -> listeners.keySet().forEach(this::flush), REFRESH.toMillis(),
                REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A page of {@code controlPlaneId} starts listening; the caller has checked it may see that control plane. */
    SseEmitter subscribe(UUID controlPlaneId) {
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        listeners.compute(controlPlaneId, (id, set) -> {
            Set<SseEmitter> emitters = set == null ? ConcurrentHashMap.newKeySet() : set;
            emitters.add(emitter);
            return emitters;
        });
        Runnable remove = () -> listeners.computeIfPresent(controlPlaneId, (id, set) -> {
            set.remove(emitter);
            return set.isEmpty() ? null : set;
        });
        emitter.onCompletion(remove);
        // Completing on timeout ends the stream normally (the browser reconnects) instead of as an error.
        emitter.onTimeout(() -> {
            remove.run();
            emitter.complete();
        });
        emitter.onError(error -> remove.run());
        try {
            // Opens the stream at once (the browser's "open" event) and tells it how soon to come back.
            emitter.send(SseEmitter.event().comment("listening").reconnectTime(2_000));
        } catch (IOException ex) {
            emitter.completeWithError(ex);
        }
        return emitter;
    }

    /** Number of pages listening to a control plane on this replica. */
    int listening(UUID controlPlaneId) {
        Set<SseEmitter> set = listeners.get(controlPlaneId);
        return set == null ? 0 : set.size();
    }

    @EventListener
    void changed(NodeStatusChanged change) {
        UUID id = change.controlPlaneId();
        if (listeners.containsKey(id) && pending.add(id)) {
            sender.schedule(() -> flush(id), COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void flush(UUID controlPlaneId) {
        pending.remove(controlPlaneId);
        Set<SseEmitter> set = listeners.get(controlPlaneId);
        if (set == null) {
            return;
        }
        for (SseEmitter emitter : set) {
            try {
                emitter.send(SseEmitter.event().name(EVENT).data("changed"));
            } catch (IOException | IllegalStateException ex) {
                // The page went away; completing the emitter removes it.
                emitter.complete();
            }
        }
    }

    /** Ends every stream before the web server drains, so open pages never hold up a graceful shutdown. */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        sender.shutdownNow();
        listeners.values().forEach(set -> set.forEach(SseEmitter::complete));
        listeners.clear();
    }
}
