package io.gatehouse.gateway.plugins.ratelimit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes Redis RESP2 replies the rate limiter uses: simple strings, errors, integers and bulk strings
 * (a null bulk string becomes {@link #NULL}). Waits for a whole reply before emitting it.
 */
final class RespDecoder extends ByteToMessageDecoder {

    /** The null bulk string ({@code $-1}). */
    static final Object NULL = new Object();

    /** An error reply. */
    record RedisError(String message) {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int lineEnd = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lineEnd < 0) {
                return;
            }
            byte type = in.getByte(start);
            String line = in.toString(start + 1, lineEnd - start - 2, StandardCharsets.UTF_8);
            switch (type) {
                case '+' -> {
                    in.readerIndex(lineEnd + 1);
                    out.add(line);
                }
                case '-' -> {
                    in.readerIndex(lineEnd + 1);
                    out.add(new RedisError(line));
                }
                case ':' -> {
                    in.readerIndex(lineEnd + 1);
                    out.add(Long.parseLong(line));
                }
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        in.readerIndex(lineEnd + 1);
                        out.add(NULL);
                    } else {
                        if (in.writerIndex() < lineEnd + 1 + length + 2) {
                            return;
                        }
                        out.add(in.toString(lineEnd + 1, length, StandardCharsets.UTF_8));
                        in.readerIndex(lineEnd + 1 + length + 2);
                    }
                }
                default -> throw new DecoderException("unexpected RESP type " + (char) type);
            }
        }
    }
}
