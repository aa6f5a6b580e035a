package io.gatehouse.gateway.testing;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** A client for the gateway under test; every call has a time limit. */
public final class TestClient {

    /** A complete response. */
    public record Response(int status, HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private final HttpClient client;

    public TestClient(int port) {
        this(HttpClient.create().baseUrl("http://127.0.0.1:" + port));
    }

    private TestClient(HttpClient client) {
        this.client = client.disableRetry(true);
    }

    public static TestClient h2c(int port) {
        return new TestClient(HttpClient.create().protocol(HttpProtocol.H2C).baseUrl("http://127.0.0.1:" + port));
    }

    public Response get(String uri) {
        return send("GET", uri, Map.of(), null);
    }

    public Response get(String uri, Map<String, String> headers) {
        return send("GET", uri, headers, null);
    }

    public Response send(String method, String uri, Map<String, String> headers, String body) {
        return exchange(method, uri, headers, body == null ? Mono.empty() : reactor.netty.ByteBufFlux.fromString(Mono.just(body)));
    }

    /** Sends {@code body} exactly as given (binary bodies), streamed like {@link #send}'s. */
    public Response sendBytes(String method, String uri, Map<String, String> headers, byte[] body) {
        return exchange(method, uri, headers, reactor.netty.ByteBufFlux.fromInbound(Mono.just(body)));
    }

    private Response exchange(String method, String uri, Map<String, String> headers,
            org.reactivestreams.Publisher<? extends io.netty.buffer.ByteBuf> body) {
        return client.headers(h -> headers.forEach(h::set))
                .request(HttpMethod.valueOf(method))
                .uri(uri)
                .send(body)
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), response.responseHeaders().copy(), text)))
                .block(LIMIT);
    }
}
