package io.gatehouse.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One keep-alive HTTP/1.1 connection to a target, serving one {@link UpstreamExchange} at a time, on its event loop.
 *
 * <p>Reading is manual (auto-read off): the connection reads while the response head is awaited, while the body's
 * subscriber has demand, and while it sits idle (so an upstream closing it is noticed at once). Timeouts run on one
 * lazily re-armed timer per connection rather than a task per request: the per-try deadline (until the head), the
 * read timeout (silence while data is wanted), the write timeout (the request body blocked by a full socket) and the
 * idle timeout.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final ConnectionPool owner;
    private final ConnectionPool.Pool pool;
    Channel channel;

    private UpstreamExchange current;
    private boolean informational;
    private boolean keepAlive;
    private BodyWriter writer;
    private Throwable failure;
    private long lastRead;
    private long blockedSince;
    private long idleSince;
    private long timerDue;

    UpstreamConnection(ConnectionPool owner, ConnectionPool.Pool pool) {
        this.owner = owner;
        this.pool = pool;
    }

    void attach(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(closed -> pool.closed(this));
    }

    boolean reusable() {
        return current == null && failure == null && channel.isActive();
    }

    /** Connected (and TLS handshaken): serve the exchange that opened the connection, or pool it if it went away. */
    void connected(UpstreamExchange exchange) {
        start(exchange);
    }

    void start(UpstreamExchange exchange) {
        if (exchange.cancelled()) {
            idle();
            return;
        }
        current = exchange;
        exchange.connection = this;
        informational = false;
        keepAlive = true;
        long now = System.nanoTime();
        lastRead = now;
        if (exchange.body == null) {
            channel.writeAndFlush(exchange.head, channel.voidPromise());
        } else {
            channel.write(exchange.head, channel.voidPromise());
            writer = new BodyWriter(exchange);
            exchange.body.subscribe(writer);
        }
        channel.read();
        long due = after(now, owner.readTimeoutNanos);
        if (exchange.deadline != 0) {
            due = Math.min(due, exchange.deadline);
        }
        arm(due);
    }

    void read() {
        channel.read();
    }

    /** The exchange is over (its body delivered or discarded): keep the connection for the next one, or close it. */
    void finished(UpstreamExchange exchange) {
        if (current != exchange) {
            return;
        }
        current = null;
        exchange.connection = null;
        boolean requestSent = writer == null || writer.done;
        if (writer != null) {
            writer.stop();
            writer = null;
        }
        if (keepAlive && requestSent && failure == null && channel.isActive()) {
            idle();
        } else {
            channel.close();
        }
    }

    /** The exchange was cancelled unfinished: the connection cannot be reused. */
    void abort(UpstreamExchange exchange) {
        if (current == exchange) {
            fail(new UpstreamExchange.ClosedException("the exchange was cancelled"));
        }
    }

    private void idle() {
        idleSince = System.nanoTime();
        blockedSince = 0;
        pool.release(this);
        if (current == null) {
            arm(after(idleSince, owner.idleTimeoutNanos));
            channel.read();
        }
    }

    /**
     * Ends the connection for {@code cause}; the exchange on it hears at once (not when the close completes), so a
     * caller can still answer its client, e.g. with a 408 for a client whose request body timed out.
     */
    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        UpstreamExchange exchange = current;
        current = null;
        if (writer != null) {
            writer.stop();
            writer = null;
        }
        channel.close();
        if (exchange != null) {
            exchange.connection = null;
            exchange.fail(failure);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamExchange exchange = current;
        if (exchange == null || failure != null) {
            ReferenceCountUtil.release(msg);
            if (failure == null) {
                fail(new UpstreamExchange.ClosedException("the upstream sent data on an idle connection"));
            }
            return;
        }
        lastRead = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                fail(new DecoderException("malformed upstream response", response.decoderResult().cause()));
                return;
            }
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                informational = true;
            } else {
                keepAlive = HttpUtil.isKeepAlive(response);
                exchange.onHead(response);
            }
        }
        if (msg instanceof HttpContent content) {
            if (informational || content.decoderResult().isFailure()) {
                content.release();
                if (content.decoderResult().isFailure()) {
                    fail(new DecoderException("malformed upstream response body", content.decoderResult().cause()));
                } else if (content instanceof LastHttpContent) {
                    informational = false;
                }
                return;
            }
            if (current != exchange) {
                content.release();
                return;
            }
            exchange.onContent(content.content(), content instanceof LastHttpContent);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.readComplete();
        }
        UpstreamExchange exchange = current;
        if (exchange == null || informational || exchange.wantsData()) {
            channel.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        BodyWriter body = writer;
        if (body == null) {
            return;
        }
        if (channel.isWritable()) {
            blockedSince = 0;
            body.resume();
        } else {
            blockedSince = System.nanoTime();
            arm(after(blockedSince, owner.writeTimeoutNanos));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamExchange exchange = current;
        current = null;
        if (writer != null) {
            writer.stop();
            writer = null;
        }
        if (exchange != null) {
            exchange.fail(failure != null ? failure : new UpstreamExchange.ClosedException("the upstream closed the connection"));
        }
    }

    // ---- the one timer ----

    private static long after(long start, long span) {
        return span == Long.MAX_VALUE ? Long.MAX_VALUE : start + span;
    }

    /** Makes sure the timer fires by {@code due}; a timer already set to fire earlier does (and re-arms). */
    private void arm(long due) {
        if (due == Long.MAX_VALUE || (timerDue != 0 && timerDue - due <= 0)) {
            return;
        }
        timerDue = due;
        long delay = Math.max(0, due - System.nanoTime());
        channel.eventLoop().schedule(() -> onTimer(due), delay, TimeUnit.NANOSECONDS);
    }

    private void onTimer(long due) {
        if (due != timerDue || !channel.isActive()) {
            return;
        }
        timerDue = 0;
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        UpstreamExchange exchange = current;
        if (exchange != null) {
            if (exchange.deadline != 0 && !exchange.answered()) {
                if (now - exchange.deadline >= 0) {
                    fail(new TimeoutException("per-try timeout: no response head in time"));
                    return;
                }
                next = exchange.deadline;
            }
            if (exchange.wantsData() || informational) {
                long readDue = after(lastRead, owner.readTimeoutNanos);
                if (readDue != Long.MAX_VALUE && now - readDue >= 0) {
                    fail(ReadTimeoutException.INSTANCE);
                    return;
                }
                next = Math.min(next, readDue);
            }
            if (blockedSince != 0) {
                long writeDue = after(blockedSince, owner.writeTimeoutNanos);
                if (writeDue != Long.MAX_VALUE && now - writeDue >= 0) {
                    fail(WriteTimeoutException.INSTANCE);
                    return;
                }
                next = Math.min(next, writeDue);
            }
        } else {
            long idleDue = after(idleSince, owner.idleTimeoutNanos);
            if (idleDue != Long.MAX_VALUE && now - idleDue >= 0) {
                channel.close();
                return;
            }
            next = idleDue;
        }
        arm(next);
    }

    /** Writes a streamed request body after the head, one buffer at a time while the socket takes more. */
    private final class BodyWriter implements Subscriber<ByteBuf> {
        private final UpstreamExchange exchange;
        private Subscription subscription;
        private boolean paused;
        private boolean stopped;
        boolean done;

        BodyWriter(UpstreamExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (stopped) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(ByteBuf buffer) {
            if (!exchange.loop.inEventLoop()) {
                exchange.loop.execute(() -> onNext(buffer));
                return;
            }
            if (stopped) {
                buffer.release();
                return;
            }
            channel.writeAndFlush(new DefaultHttpContent(buffer), channel.voidPromise());
            if (channel.isWritable()) {
                subscription.request(1);
            } else {
                paused = true;
            }
        }

        void resume() {
            if (paused && !stopped) {
                paused = false;
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!exchange.loop.inEventLoop()) {
                exchange.loop.execute(() -> onError(error));
                return;
            }
            if (!stopped) {
                stopped = true;
                fail(error);
            }
        }

        @Override
        public void onComplete() {
            if (!exchange.loop.inEventLoop()) {
                exchange.loop.execute(this::onComplete);
                return;
            }
            if (!stopped) {
                done = true;
                channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
            }
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                if (subscription != null && !done) {
                    subscription.cancel();
                }
            }
        }
    }
}
