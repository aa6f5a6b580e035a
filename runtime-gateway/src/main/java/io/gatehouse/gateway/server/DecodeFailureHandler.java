package io.gatehouse.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Answers requests the HTTP decoder rejected (too long a request line → 414, too large headers → 431,
 * anything malformed → 400) with the gateway's JSON error, then closes the connection: after a framing
 * error the rest of the stream cannot be trusted.
 *
 * <p>On HTTP/2 cleartext connections (h2c) it sits between the frame codec and the stream multiplexer
 * and checks each request's header block before it is turned into an HTTP/1-style request: a missing or
 * invalid {@code :method}, a missing {@code :path}, an unreadable or conflicting {@code Content-Length}, or a
 * value with CR, LF or NUL — and a head the HTTP/2 codec itself rejects with a stream error — gets the same
 * JSON 400 with a request id on that stream (RFC 9113 §8.1.1 lets a
 * server answer a malformed request before resetting it), and the rest of the stream is discarded; other
 * streams of the connection go on. Connection-level protocol errors are the frame codec's: it closes the
 * connection with GOAWAY.
 */
final class DecodeFailureHandler extends ChannelDuplexHandler {

    static final String NAME = "gatehouse.decodeFailure";

    private boolean failed;
    /** HTTP/2 streams answered with 400 whose remaining frames are dropped. */
    private Set<Integer> refusedStreams;
    /** The highest HTTP/2 stream whose request head went on to the stream multiplexer. */
    private int lastForwardedHead;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            failed = true;
            DecoderResult result = object.decoderResult();
            ReferenceCountUtil.release(msg);
            GatewayError error = errorFor(result.cause());
            ctx.writeAndFlush(ErrorResponses.full(ctx.alloc(), error, RequestIds.next()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (msg instanceof Http2StreamFrame frame && frame.stream() != null) {
            if (refusedStreams != null && refusedStreams.contains(frame.stream().id())) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof Http2HeadersFrame headers && isRequestHead(headers)) {
                if (malformed(headers.headers())) {
                    refuse(ctx, headers);
                    return;
                }
                lastForwardedHead = Math.max(lastForwardedHead, headers.stream().id());
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The HTTP/2 codec found a request head malformed itself (e.g. an unreadable or conflicting
     * {@code Content-Length}) and raised a stream error: answer it like the heads this handler refuses, instead of
     * letting the stream be cancelled without an answer. Only for streams whose head was never passed on (client
     * stream ids only grow), so a response already under way is never interrupted.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2FrameStreamException streamError && streamError.error() == Http2Error.PROTOCOL_ERROR
                && streamError.stream() != null && streamError.stream().id() > lastForwardedHead
                && (refusedStreams == null || !refusedStreams.contains(streamError.stream().id()))) {
            answer(ctx, streamError.stream());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** A request's header block, not its trailers (those end the stream and carry no pseudo-headers). */
    private static boolean isRequestHead(Http2HeadersFrame frame) {
        Http2Headers headers = frame.headers();
        return headers.method() != null || headers.path() != null || headers.scheme() != null
                || headers.authority() != null || !frame.isEndStream();
    }

    static boolean malformed(Http2Headers headers) {
        CharSequence method = headers.method();
        if (method == null || method.length() == 0 || !isToken(method)) {
            return true;
        }
        if (!"CONNECT".contentEquals(method) && (headers.path() == null || headers.path().length() == 0)) {
            return true;
        }
        long length = -1;
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            CharSequence value = header.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    return true;
                }
            }
            if ("content-length".contentEquals(header.getKey())) {
                long parsed = contentLength(value);
                if (parsed < 0 || (length >= 0 && parsed != length)) {
                    return true;
                }
                length = parsed;
            }
        }
        return false;
    }

    private static long contentLength(CharSequence value) {
        String text = value.toString().trim();
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    private static boolean isToken(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, Http2HeadersFrame request) {
        ReferenceCountUtil.release(request);
        answer(ctx, request.stream());
    }

    /**
     * Sends the JSON 400 on the stream and drops whatever else arrives on it; if the client has not finished
     * sending, the stream is then reset with NO_ERROR (RFC 9113 §8.1: stop sending, the response is complete).
     */
    private void answer(ChannelHandlerContext ctx, Http2FrameStream stream) {
        if (refusedStreams == null) {
            refusedStreams = new HashSet<>();
        }
        refusedStreams.add(stream.id());
        String requestId = RequestIds.next();
        byte[] body = ErrorResponses.body(GatewayError.BAD_REQUEST.message(), requestId).getBytes(StandardCharsets.UTF_8);
        Http2Headers head = new DefaultHttp2Headers().status("400")
                .set("content-type", "application/json; charset=utf-8")
                .setInt("content-length", body.length)
                .set("x-request-id", requestId);
        ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
        ctx.write(new DefaultHttp2HeadersFrame(head).stream(stream)).addListener(DecodeFailureHandler::logFailure);
        ctx.writeAndFlush(new DefaultHttp2DataFrame(content, true).stream(stream)).addListener(done -> {
            logFailure(done);
            if (stream.state() != Http2Stream.State.CLOSED) {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(stream));
            }
        });
    }

    private static void logFailure(io.netty.util.concurrent.Future<?> write) {
        if (!write.isSuccess()) {
            org.slf4j.LoggerFactory.getLogger(DecodeFailureHandler.class)
                    .warn("could not answer a malformed HTTP/2 request", write.cause());
        }
    }

    static GatewayError errorFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return GatewayError.URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return GatewayError.HEADERS_TOO_LARGE;
        }
        return GatewayError.BAD_REQUEST;
    }
}
