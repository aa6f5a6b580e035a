package io.gatehouse.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed HTTP/2 cleartext requests over raw sockets (prior knowledge): each gets the gateway's JSON 400 with a
 * request id on its stream, the connection keeps serving other streams, and connection-level garbage is closed
 * with GOAWAY.
 */
@Timeout(60)
class H2cMalformedRequestsIT {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    /** One frame as read from the wire. */
    private record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
        @Override
        public String toString() {
            return "type " + type + " stream " + stream + (type == 3 || type == 7 ? " code " + payload[payload.length - 1] : "")
                    + (headers == null ? "" : " " + headers);
        }
    }

    private static byte[] headersFrame(int stream, Http2Headers headers) throws Exception {
        ByteBuf block = Unpooled.buffer();
        new DefaultHttp2HeadersEncoder().encodeHeaders(stream, headers, block);
        ByteBuf frame = Unpooled.buffer();
        frame.writeMedium(block.readableBytes()).writeByte(1).writeByte(0x5).writeInt(stream).writeBytes(block);
        byte[] out = new byte[frame.readableBytes()];
        frame.readBytes(out);
        block.release();
        frame.release();
        return out;
    }

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false).method("GET").path(path).scheme("http").authority("h2.test");
    }

    /** Sends the frames after the preface and reads frames until {@code until} says stop or the socket goes quiet. */
    private static List<Frame> exchange(int port, java.util.function.Predicate<List<Frame>> until, byte[]... frames)
            throws Exception {
        List<Frame> seen = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            out.write(EMPTY_SETTINGS);
            for (byte[] frame : frames) {
                out.write(frame);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
            try {
                while (!until.test(seen)) {
                    int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                    int type = in.readUnsignedByte();
                    int flags = in.readUnsignedByte();
                    int stream = in.readInt() & 0x7fffffff;
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    Http2Headers headers = type == 1
                            ? decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(payload)) : null;
                    seen.add(new Frame(type, flags, stream, payload, headers));
                }
            } catch (SocketTimeoutException | EOFException | java.net.SocketException ended) {
                // the gateway closed or went quiet: return what came
            }
        }
        return seen;
    }

    private static boolean answered(List<Frame> frames, int stream) {
        return frames.stream().anyMatch(f -> f.stream() == stream && (f.type() == 3 || f.type() == 0 && (f.flags() & 1) != 0));
    }

    private static Http2Headers responseHead(List<Frame> frames, int stream) throws Exception {
        Frame head = frames.stream().filter(f -> f.type() == 1 && f.stream() == stream).findFirst().orElseThrow(
                () -> new AssertionError("no response headers on stream " + stream + ": " + frames));
        return head.headers();
    }

    private static String responseBody(List<Frame> frames, int stream) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        frames.stream().filter(f -> f.type() == 0 && f.stream() == stream).forEach(f -> body.writeBytes(f.payload()));
        return body.toString(StandardCharsets.UTF_8);
    }

    @Test
    void malformedRequestsGetTheJsonErrorWithARequestIdAndTheConnectionServesOn() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                TestGateway gateway = new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/"))
                        .service("s", upstream.port()).build())) {
            List<Http2Headers> malformed = List.of(
                    new DefaultHttp2Headers(false).method("GET").scheme("http").authority("h2.test"),
                    get("/x").add("content-length", "abc"),
                    get("/x").add("content-length", "1").add("content-length", "2"),
                    new DefaultHttp2Headers(false).method("G T").path("/x").scheme("http").authority("h2.test"),
                    get("/x").add("x-split", "a\r\nInjected: yes"));
            for (Http2Headers request : malformed) {
                List<Frame> frames = exchange(gateway.port(), seen -> answered(seen, 1) && answered(seen, 3),
                        headersFrame(1, request), headersFrame(3, get("/fine")));
                Http2Headers head = responseHead(frames, 1);
                assertThat(head.status().toString()).as("for %s", request).isEqualTo("400");
                String body = responseBody(frames, 1);
                assertThat(body).as("for %s", request).startsWith("{\"message\":\"Bad request\",\"request_id\":\"")
                        .contains(head.get("x-request-id"));
                assertThat(responseHead(frames, 3).status().toString()).isEqualTo("200");
                assertThat(responseBody(frames, 3)).startsWith("echo GET /fine");
            }
            assertThat(upstream.received()).extracting(TestUpstream.Received::uri).containsOnly("/fine");
        }
    }

    @Test
    void connectionLevelGarbageIsClosedWithGoawayAndTheGatewayServesOn() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                TestGateway gateway = new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/"))
                        .service("s", upstream.port()).build())) {
            byte[] oversizedSettings = {0, 0, 5, 4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
            List<Frame> frames = exchange(gateway.port(), seen -> seen.stream().anyMatch(f -> f.type() == 7),
                    oversizedSettings);
            assertThat(frames).anyMatch(f -> f.type() == 7);
            assertThat(gateway.client.get("/still/alive").status()).isEqualTo(200);
            assertThat(io.gatehouse.gateway.testing.TestClient.h2c(gateway.port()).get("/h2/alive").status())
                    .isEqualTo(200);
        }
    }
}
