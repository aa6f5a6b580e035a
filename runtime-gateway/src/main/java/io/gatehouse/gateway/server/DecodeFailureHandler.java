package io.gatehouse.gateway.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers requests the HTTP decoder rejected (too long a request line → 414, too large headers → 431,
 * anything malformed → 400) with the gateway's JSON error, then closes the connection: after a framing
 * error the rest of the stream cannot be trusted.
 */
final class DecodeFailureHandler extends ChannelDuplexHandler {

    static final String NAME = "gatehouse.decodeFailure";

    private boolean failed;

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
        ctx.fireChannelRead(msg);
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
