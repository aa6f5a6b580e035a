package io.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.testing.Await;
import io.gatehouse.gateway.testing.TestCertificates;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

/**
 * The gateway's own upstream connection pool against a raw socket upstream that does exactly what each test
 * scripts: keep-alive reuse, {@code Connection: close}, an upstream closing idle connections, read and per-try
 * timeouts, a refused connection, the connection limit with waiting requests, a cancel in the middle of a body, a streamed request body,
 * and TLS with host-name verification.
 */
@Timeout(30)
class ConnectionPoolIT {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = loops.next();
    private RawUpstream upstream;
    private ConnectionPool pool;

    @AfterEach
    void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void reusesAKeepAliveConnectionForTheNextRequest() throws Exception {
        upstream = new RawUpstream(request -> OK);
        pool = pool(8, 8, Duration.ofSeconds(10));

        for (int i = 0; i < 3; i++) {
            assertThat(get("/r" + i)).isEqualTo("200 ok");
        }

        assertThat(upstream.accepted.get()).isEqualTo(1);
        assertThat(upstream.requestLines).containsExactly("GET /r0 HTTP/1.1", "GET /r1 HTTP/1.1", "GET /r2 HTTP/1.1");
    }

    @Test
    void closesTheConnectionWhenTheUpstreamSaysConnectionClose() throws Exception {
        upstream = new RawUpstream(request -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        pool = pool(8, 8, Duration.ofSeconds(10));

        assertThat(get("/a")).isEqualTo("200 ok");
        Await.until(Duration.ofSeconds(5), () -> pool.openConnections(target()) == 0);
        assertThat(get("/b")).isEqualTo("200 ok");

        assertThat(upstream.accepted.get()).isEqualTo(2);
    }

    @Test
    void dropsAnIdleConnectionTheUpstreamClosed() throws Exception {
        upstream = new RawUpstream(request -> OK);
        upstream.closeAfterAnswer = true;
        pool = pool(8, 8, Duration.ofSeconds(10));

        assertThat(get("/a")).isEqualTo("200 ok");
        Await.until(Duration.ofSeconds(5), () -> pool.openConnections(target()) == 0);
        assertThat(get("/b")).isEqualTo("200 ok");

        assertThat(upstream.accepted.get()).isEqualTo(2);
    }

    @Test
    void failsWithAReadTimeoutWhenTheUpstreamStaysSilent() {
        upstream = new RawUpstream(request -> null);
        pool = new ConnectionPool(new ConnectionPool.Settings(Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofSeconds(5), 8, 8, Duration.ofSeconds(5), Duration.ofSeconds(30), false));

        assertThatThrownBy(() -> get("/silent")).hasCauseInstanceOf(ReadTimeoutException.class);
        Await.until(Duration.ofSeconds(5), () -> pool.openConnections(target()) == 0);
    }

    @Test
    void failsWithATimeoutWhenTheHeadMissesThePerTryDeadline() {
        upstream = new RawUpstream(request -> null);
        pool = pool(8, 8, Duration.ofSeconds(10));

        Exchange exchange = send(request("/slow"), null, System.nanoTime() + Duration.ofMillis(200).toNanos());

        assertThatThrownBy(() -> exchange.head.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        Await.until(Duration.ofSeconds(5), () -> pool.openConnections(target()) == 0);
    }

    @Test
    void reportsARefusedConnectionAndFreesItsSlot() throws Exception {
        upstream = new RawUpstream(request -> OK);
        Target closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = new Target("127.0.0.1", probe.getLocalPort(), 100);
        }
        pool = pool(1, 1, Duration.ofSeconds(10));
        Exchange refused = new Exchange();

        pool.send(closedPort, loop, request("/nobody"), null, 0, refused);

        assertThatThrownBy(() -> refused.head.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(java.net.ConnectException.class);
        Await.until(Duration.ofSeconds(5), () -> pool.openConnections(closedPort) == 0);
    }

    @Test
    void queuesRequestsPastTheConnectionLimitAndRefusesPastThePendingLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream = new RawUpstream(request -> {
            await(release);
            return OK;
        });
        pool = pool(1, 1, Duration.ofSeconds(10));

        Exchange first = send(request("/1"), null, 0);
        Await.until(Duration.ofSeconds(5), () -> upstream.requestLines.size() == 1);
        Exchange second = send(request("/2"), null, 0);
        Exchange third = send(request("/3"), null, 0);

        assertThatThrownBy(() -> third.head.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionPool.PendingLimitException.class);
        assertThat(second.head).isNotDone();
        release.countDown();
        assertThat(first.text()).isEqualTo("200 ok");
        assertThat(second.text()).isEqualTo("200 ok");
        assertThat(upstream.accepted.get()).isEqualTo(1);
        assertThat(pool.openConnections(target())).isEqualTo(1);
    }

    @Test
    void cancellingInTheMiddleOfABodyClosesTheConnection() throws Exception {
        upstream = new RawUpstream(request -> request.contains("/big")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(8192) : OK);
        pool = pool(8, 8, Duration.ofSeconds(10));
        Exchange exchange = send(request("/big"), null, 0);
        UpstreamExchange body = exchange.head.get(5, TimeUnit.SECONDS);
        CompletableFuture<Integer> firstChunk = new CompletableFuture<>();

        body.subscribe(new Subscriber<ByteBuf>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuf buffer) {
                firstChunk.complete(buffer.readableBytes());
                buffer.release();
                subscription.cancel();
            }

            @Override
            public void onError(Throwable t) {
                firstChunk.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                firstChunk.completeExceptionally(new AssertionError("a cut body must not complete"));
            }
        });

        assertThat(firstChunk.get(5, TimeUnit.SECONDS)).isPositive();
        Await.until(Duration.ofSeconds(5), () -> pool.openConnections(target()) == 0);
        assertThat(get("/after")).isEqualTo("200 ok");
        assertThat(upstream.accepted.get()).isEqualTo(2);
    }

    @Test
    void streamsARequestBodyChunkedAndKeepsTheConnection() throws Exception {
        upstream = new RawUpstream(request -> OK);
        pool = pool(8, 8, Duration.ofSeconds(10));
        HttpHeaders headers = new DefaultHttpHeaders().set("host", "upstream").set("transfer-encoding", "chunked");
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload", headers);
        Flux<ByteBuf> body = Flux.just("part one, ", "part two")
                .map(text -> Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));

        assertThat(send(head, body, 0).text()).isEqualTo("200 ok");
        assertThat(get("/next")).isEqualTo("200 ok");

        assertThat(upstream.bodies).contains("part one, part two");
        assertThat(upstream.accepted.get()).isEqualTo(1);
    }

    @Test
    void speaksTlsToAnHttpsUpstreamItTrustsAndVerifiesItsName(@TempDir Path dir) throws Exception {
        CertificateDefinition certificate = TestCertificates.generate(dir, "localhost", List.of());
        Path cert = Files.writeString(dir.resolve("upstream.crt"), certificate.cert());
        Path key = Files.writeString(dir.resolve("upstream.key"), certificate.key());
        DisposableServer tlsUpstream = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(cert.toFile(), key.toFile())))
                .handle((request, response) -> response.sendString(Mono.just("secure " + request.uri())))
                .bindNow();
        try {
            SslContext trusting = SslContextBuilder.forClient().trustManager(cert.toFile()).build();
            pool = new ConnectionPool(new ConnectionPool.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), 8, 8, Duration.ofSeconds(5), Duration.ofSeconds(30), true), trusting);
            Target byName = new Target("localhost", tlsUpstream.port(), 100);

            for (int i = 0; i < 2; i++) {
                Exchange exchange = new Exchange();
                pool.send(byName, loop, request("/s" + i), null, 0, exchange);
                assertThat(exchange.text()).isEqualTo("200 secure /s" + i);
            }
            assertThat(pool.openConnections(byName)).isEqualTo(1);

            Exchange wrongName = new Exchange();
            pool.send(new Target("127.0.0.1", tlsUpstream.port(), 100), loop, request("/ip"), null, 0, wrongName);
            assertThatThrownBy(() -> wrongName.head.get(10, TimeUnit.SECONDS))
                    .as("the certificate names localhost, not 127.0.0.1").isInstanceOf(ExecutionException.class);
        } finally {
            tlsUpstream.disposeNow(Duration.ofSeconds(5));
        }
    }

    private ConnectionPool pool(int connections, int pending, Duration read) {
        return new ConnectionPool(new ConnectionPool.Settings(Duration.ofSeconds(5), read, Duration.ofSeconds(5),
                connections, pending, Duration.ofSeconds(5), Duration.ofSeconds(30), false));
    }

    private Target target() {
        return new Target("127.0.0.1", upstream.port(), 100);
    }

    private static HttpRequest request(String uri) {
        HttpHeaders headers = new DefaultHttpHeaders().set("host", "upstream");
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER, headers,
                EmptyHttpHeaders.INSTANCE);
    }

    private String get(String uri) throws Exception {
        return send(request(uri), null, 0).text();
    }

    private Exchange send(HttpRequest head, Flux<ByteBuf> body, long deadline) {
        Exchange exchange = new Exchange();
        pool.send(target(), loop, head, body, deadline, exchange);
        return exchange;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test's side of one exchange: the head (or the failure), then the body gathered as text. */
    private static final class Exchange implements UpstreamExchange.Handler {
        final CompletableFuture<UpstreamExchange> head = new CompletableFuture<>();
        volatile int status;

        @Override
        public void onResponse(HttpResponse response, UpstreamExchange body) {
            status = response.status().code();
            head.complete(body);
        }

        @Override
        public void onFailure(Throwable error) {
            head.completeExceptionally(error);
        }

        String text() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
            UpstreamExchange body = head.get(10, TimeUnit.SECONDS);
            String content = Flux.from(body)
                    .map(buffer -> {
                        try {
                            return buffer.toString(StandardCharsets.UTF_8);
                        } finally {
                            buffer.release();
                        }
                    })
                    .collectList()
                    .map(parts -> String.join("", parts))
                    .block(Duration.ofSeconds(10));
            return status + " " + content;
        }
    }

    /**
     * An HTTP/1.1 upstream on a plain server socket: reads each request (head and a chunked or sized body) and
     * writes what the script returns for it (null: never answers); a thread per connection.
     */
    private static final class RawUpstream implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        volatile boolean closeAfterAnswer;
        private final ServerSocket server;
        private final java.util.function.Function<String, String> script;

        RawUpstream(java.util.function.Function<String, String> script) {
            this.script = script;
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(this::accept, "raw-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    sockets.add(socket);
                    Thread serving = new Thread(() -> serve(socket), "raw-upstream-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    List<String> head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    requestLines.add(head.get(0));
                    bodies.add(readBody(in, head));
                    String answer = script.apply(head.get(0));
                    if (answer == null) {
                        in.read();
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the gateway closed the connection
            }
        }

        private static List<String> readHead(InputStream in) throws IOException {
            List<String> lines = new java.util.ArrayList<>();
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                lines.add(line);
            }
            return line == null || lines.isEmpty() ? null : lines;
        }

        private static String readBody(InputStream in, List<String> head) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String lowered = String.join("\n", head).toLowerCase(java.util.Locale.ROOT);
            if (lowered.contains("transfer-encoding: chunked")) {
                int size;
                while ((size = Integer.parseInt(readLine(in).trim(), 16)) > 0) {
                    body.write(in.readNBytes(size));
                    readLine(in);
                }
                readLine(in);
            } else {
                for (String line : head) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        body.write(in.readNBytes(Integer.parseInt(line.substring(15).trim())));
                    }
                }
            }
            return body.toString(StandardCharsets.UTF_8);
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    return line.toString();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.length() == 0 ? null : line.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
