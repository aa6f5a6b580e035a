package io.gatehouse.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * The request body as attempts send it. A streamed body goes through once, without buffering, and is
 * replayable only if no attempt has started reading it (e.g. the first connect failed). A buffered body
 * (small enough, and only when a retry could need it) is replayed from memory.
 */
abstract sealed class RequestBody {

    /** A streamed body grew past the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body exceeds the limit", null, false, false);
        }
    }

    /**
     * The client's side of a streamed body failed while it was being relayed: it was too slow (the request read
     * timeout) or went away. The client's fault, answered 408 or 400 — never the upstream's (no 502, no passive
     * health failure, no retry).
     */
    static final class ClientFailed extends RuntimeException {
        private static final String REQUEST_TIMEOUT_EXCEPTION = "reactor.netty.http.server.RequestTimeoutException";
        private final boolean timedOut;

        ClientFailed(Throwable cause) {
            super("the client's request body failed: " + cause, cause, false, false);
            this.timedOut = timeout(cause);
        }

        boolean timedOut() {
            return timedOut;
        }

        /** True when {@code error} is (or was caused by) the client being too slow. */
        static boolean timeout(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                // reactor-netty's request timeout signals with a package-private exception type
                if (t.getClass().getName().equals(REQUEST_TIMEOUT_EXCEPTION)
                        || t instanceof io.netty.handler.timeout.TimeoutException
                        || t instanceof java.util.concurrent.TimeoutException) {
                    return true;
                }
            }
            return false;
        }

        /** The client failure in an attempt's error, or null when the error is not the client's. */
        static ClientFailed in(Throwable error) {
            Throwable t = error;
            for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
                if (t instanceof ClientFailed failed) {
                    return failed;
                }
            }
            return null;
        }
    }

    static RequestBody none() {
        return new Bytes(null);
    }

    static RequestBody buffered(byte[] bytes) {
        return new Bytes(bytes);
    }

    static RequestBody streamed(ByteBufFlux inbound, long maxBytes) {
        return new Streamed(inbound, maxBytes);
    }

    /** The body for one attempt (each call is a new subscription source). */
    abstract Publisher<ByteBuf> publisher();

    /** The body when it is held in memory (null when streamed, or none). */
    abstract byte[] bytes();

    /** Whether another attempt can still send the whole body. */
    abstract boolean replayable();

    /** True when the body is empty. */
    abstract boolean empty();

    static final class Bytes extends RequestBody {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        Publisher<ByteBuf> publisher() {
            return bytes == null || bytes.length == 0 ? Mono.empty() : Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes));
        }

        @Override
        byte[] bytes() {
            return bytes == null || bytes.length == 0 ? null : bytes;
        }

        @Override
        boolean replayable() {
            return true;
        }

        @Override
        boolean empty() {
            return bytes == null || bytes.length == 0;
        }
    }

    static final class Streamed extends RequestBody {
        private final ByteBufFlux inbound;
        private final long maxBytes;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        Streamed(ByteBufFlux inbound, long maxBytes) {
            this.inbound = inbound;
            this.maxBytes = maxBytes;
        }

        @Override
        Publisher<ByteBuf> publisher() {
            return Flux.defer(() -> {
                subscribed.set(true);
                Flux<ByteBuf> client = inbound.onErrorMap(error -> !(error instanceof TooLarge), ClientFailed::new);
                if (maxBytes <= 0) {
                    return client.map(ByteBuf::retain);
                }
                AtomicLong seen = new AtomicLong();
                return client.handle((buf, sink) -> {
                    if (seen.addAndGet(buf.readableBytes()) > maxBytes) {
                        sink.error(new TooLarge());
                    } else {
                        sink.next(buf.retain());
                    }
                });
            });
        }

        @Override
        byte[] bytes() {
            return null;
        }

        @Override
        boolean replayable() {
            return !subscribed.get();
        }

        @Override
        boolean empty() {
            return false;
        }
    }
}
