package io.gatehouse.gateway.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP/1.1 keep-alive connections that stay idle — no request under way — for the idle timeout, with one
 * timer per connection instead of a handler added to and removed from the pipeline around every request.
 *
 * <p>It sits after the HTTP codec, so it sees decoded requests and the responses on their way out. A connection is
 * <em>idle</em> from the moment it opens, and again from the moment the last response it owes is written; it is
 * <em>busy</em> from a request head until that request's response has been written. Only idleness has a deadline
 * here: a request head trickled in byte by byte (slowloris) never becomes a decoded request, so the connection stays
 * idle and is closed at the deadline; a request whose body arrives too slowly is the request timeout's (408); a long
 * response streams for as long as it takes. Moving between the two states costs a clock read and no allocation:
 * the timer is armed with the idle timeout when nothing is armed yet, and when it fires it re-arms itself for
 * whatever is left of the current deadline, so a busy connection schedules one check per idle timeout rather than
 * one per request. A connection still flushing a response to a slow reader is not idle.
 *
 * <p>When the connection stops speaking HTTP/1 it leaves the pipeline: a WebSocket upgrade is not subject to the idle
 * timeout (as with Reactor Netty's own), and an HTTP/2 connection (h2c upgrade, or prior knowledge) gets the classic
 * rule for HTTP/2 — closed after the idle timeout without a frame read or written.
 */
final class IdleConnections extends ChannelDuplexHandler implements Runnable {

    static final String NAME = "gatehouse.idleConnections";
    private static final String H2_NAME = "gatehouse.idleH2Connection";
    private static final int SWITCHING_PROTOCOLS = 101;

    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private Future<?> timer;
    /** Requests read whose response has not been written to its end yet. */
    private int responsesOwed;
    /** When an idle connection is closed; meaningful only while {@link #responsesOwed} is 0. */
    private long idleDeadline;
    private boolean left;

    IdleConnections(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        becomeIdle();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            responsesOwed++;
        } else if (!(msg instanceof HttpObject)) {
            leave(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            // 101: the connection stops speaking HTTP/1; 100 Continue and other interim answers: the real one follows
            if (response.status().code() == SWITCHING_PROTOCOLS) {
                leave(ctx);
            }
        } else if (msg instanceof LastHttpContent && responsesOwed > 0 && --responsesOwed == 0) {
            becomeIdle();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeEvent
                || event instanceof io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
            leave(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    private void becomeIdle() {
        idleDeadline = System.nanoTime() + idleNanos;
        if (timer == null && !left) {
            timer = ctx.executor().schedule(this, idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The timer: closes the connection when it is idle past its deadline, else checks again when it could be. */
    @Override
    public void run() {
        timer = null;
        if (left || responsesOwed > 0 || !ctx.channel().isActive()) {
            return;
        }
        long left = idleDeadline - System.nanoTime();
        if (left <= 0 && flushing()) {
            idleDeadline += idleNanos - left;
            left = idleNanos;
        }
        if (left > 0) {
            timer = ctx.executor().schedule(this, left, TimeUnit.NANOSECONDS);
            return;
        }
        ctx.close();
    }

    /** Whether the last response is still on its way to the client. */
    private boolean flushing() {
        ChannelOutboundBuffer outbound = ctx.channel().unsafe().outboundBuffer();
        return outbound != null && outbound.totalPendingWriteBytes() > 0;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /**
     * The connection stopped speaking HTTP/1: an upgraded WebSocket is left alone (as before), an HTTP/2 connection
     * gets an idle rule right after its frame codec (where every frame of every stream passes). Either way this handler
     * leaves the pipeline.
     */
    private void leave(ChannelHandlerContext ctx) {
        if (left) {
            return;
        }
        left = true;
        cancelTimer();
        var pipeline = ctx.pipeline();
        var frameCodec = pipeline.context(io.netty.handler.codec.http2.Http2FrameCodec.class);
        if (frameCodec != null && pipeline.get(H2_NAME) == null) {
            pipeline.addAfter(frameCodec.name(), H2_NAME, new Http2Idle(idleNanos));
        }
        pipeline.remove(this);
    }

    /** Closes an HTTP/2 connection after the idle timeout without a frame read or written. */
    private static final class Http2Idle extends IdleStateHandler {

        Http2Idle(long idleNanos) {
            super(0, 0, idleNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
            if (event.state() == IdleState.ALL_IDLE) {
                ctx.close();
            }
        }
    }
}
