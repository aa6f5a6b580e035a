package io.gatehouse.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Response bodies that a plugin rewrites (response-transformer {@code json}). The body is gathered in memory up
 * to a limit and rewritten whole; a body that turns out larger streams through unchanged (what was gathered
 * first, then the rest), so a large download is never held in memory nor cut. The rewritten body's length is
 * unknown when the head leaves, so {@code Content-Length} is dropped (chunked on HTTP/1.1), as Kong does.
 */
final class ResponseBodies {

    private ResponseBodies() {
    }

    static Publisher<ByteBuf> rewrite(ByteBufAllocator alloc, Publisher<ByteBuf> content, HttpHeaders headers, long limit,
            UnaryOperator<byte[]> rewrite) {
        String declared = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null && limit > 0 && parse(declared) > limit) {
            return content;
        }
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        return Flux.defer(() -> {
            CompositeByteBuf gathered = alloc.compositeBuffer(Integer.MAX_VALUE);
            boolean[] passing = {false};
            Flux<ByteBuf> body = Flux.from(content).handle((buf, sink) -> {
                if (passing[0]) {
                    sink.next(buf);
                    return;
                }
                gathered.addComponent(true, buf);
                if (limit > 0 && gathered.readableBytes() > limit) {
                    passing[0] = true;
                    sink.next(gathered.retain());
                }
            });
            Mono<ByteBuf> rewritten = Mono.fromCallable(() -> passing[0] ? null
                    : Unpooled.wrappedBuffer(rewrite.apply(ByteBufUtil.getBytes(gathered))));
            return Flux.concat(body, rewritten).doFinally(signal -> gathered.release());
        });
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
