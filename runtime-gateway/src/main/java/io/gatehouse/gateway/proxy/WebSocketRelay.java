package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.runtime.Service;
import io.gatehouse.gateway.server.ErrorResponses;
import io.gatehouse.gateway.server.GatewayError;
import io.gatehouse.gateway.upstream.BalanceKey;
import io.gatehouse.gateway.upstream.TargetState;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * WebSocket passthrough: the upstream handshake is made first (so a refused upgrade never reaches the
 * client as a success), then the client's upgrade is accepted and frames are relayed both ways as they
 * are, including pings and close frames, until both sides are done.
 */
final class WebSocketRelay {

    private static final Set<String> HANDSHAKE_HEADERS = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "upgrade", "connection", "content-length");

    private WebSocketRelay() {
    }

    /**
     * Whether the request is a well-formed WebSocket handshake (RFC 6455 section 4.1): GET, {@code Upgrade:
     * websocket}, {@code Connection: upgrade}, a key and version 13. Anything less is an ordinary request,
     * whose hop-by-hop {@code Upgrade} header is dropped, rather than a handshake the upstream would refuse.
     */
    static boolean isUpgrade(HttpServerRequest request) {
        HttpHeaders headers = request.requestHeaders();
        return request.method() == HttpMethod.GET
                && headers.containsValue(HttpHeaderNames.UPGRADE, "websocket", true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)
                && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)
                && "13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
    }

    static Mono<Void> relay(HttpServerRequest request, HttpServerResponse response, Exchange exchange,
            Service service, BalanceKey key) {
        TargetState target = service.upstream().pick(key, Set.of());
        if (target == null) {
            return ErrorResponses.send(response, GatewayError.NO_HEALTHY_UPSTREAM, exchange.requestId(), null);
        }
        exchange.upstreamTarget(target.target().address());
        String scheme = "https".equals(service.settings().protocol()) ? "wss" : "ws";
        String url = scheme + "://" + target.target().address() + exchange.upstream().pathAndQuery();
        String subprotocols = request.requestHeaders().get("Sec-WebSocket-Protocol");
        HttpHeaders forwarded = exchange.upstream().headers().copy();
        forwarded.names().stream().filter(n -> HANDSHAKE_HEADERS.contains(n.toLowerCase(java.util.Locale.ROOT)))
                .toList().forEach(forwarded::remove);
        forwarded.set(HttpHeaderNames.HOST, target.target().address());
        WebsocketClientSpec.Builder clientBuilder = WebsocketClientSpec.builder().handlePing(false);
        WebsocketServerSpec.Builder serverBuilder = WebsocketServerSpec.builder().handlePing(false);
        if (subprotocols != null) {
            clientBuilder.protocols(subprotocols);
            serverBuilder.protocols(subprotocols);
        }
        WebsocketClientSpec clientSpec = clientBuilder.build();
        WebsocketServerSpec serverSpec = serverBuilder.build();
        // The client side's handler must outlive the server-side upgrade (which completes once the
        // handshake is done): it waits for the relay itself to end.
        Sinks.Empty<Void> relayDone = Sinks.empty();
        return service.client()
                .headers(h -> h.set(forwarded))
                .websocket(clientSpec)
                .uri(url)
                .handle((upstreamIn, upstreamOut) -> response
                        .header(ErrorResponses.REQUEST_ID_HEADER, exchange.requestId())
                        .sendWebsocket((clientIn, clientOut) -> Mono.when(
                                upstreamOut.sendObject(clientIn.receiveFrames().map(frame -> frame.retain())).then(),
                                clientOut.sendObject(upstreamIn.receiveFrames().map(frame -> frame.retain())).then())
                                .doFinally(signal -> relayDone.tryEmitEmpty()), serverSpec)
                        .then(relayDone.asMono()))
                .then()
                .onErrorResume(error -> response.hasSentHeaders() ? Mono.empty()
                        : ErrorResponses.send(response, Forwarder.errorFor(Forwarder.classify(error)), exchange.requestId(),
                                null))
                .doFinally(signal -> service.upstream().release(target));
    }
}
