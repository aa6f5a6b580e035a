package io.gatehouse.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One request/response exchange with an upstream through the {@link ConnectionPool}, and the response body as a
 * {@link Publisher} with back-pressure: the upstream connection reads only while the subscriber has demand.
 *
 * <p>Everything happens on the exchange's event loop. The {@link Handler} hears once: the response head (the body
 * must then be subscribed to, once, or {@link #discard() discarded}), or a failure before any head. Cancelling
 * (before the head, or the body's subscription) closes the connection, as its response is unfinished.
 */
public final class UpstreamExchange implements Publisher<ByteBuf>, Subscription {

    /** Hears how the exchange went, on its event loop. */
    public interface Handler {
        /** The response head arrived; {@code body} must be subscribed to or discarded. */
        void onResponse(HttpResponse head, UpstreamExchange body);

        /** The exchange failed before any response head (connect failure, reset, timeout, request body error). */
        void onFailure(Throwable error);
    }

    /** Hears, once, whether the response body came whole right behind the head or streams. */
    public interface BodyStart {
        /** The whole body (owned by the callee, possibly empty); the exchange is over. */
        void whole(ByteBuf body);

        /** The body streams: subscribe to the exchange. */
        void streams();
    }

    /** The connection closed before the exchange finished (the upstream closed it, or the exchange was cancelled). */
    public static final class ClosedException extends IOException {
        ClosedException(String message) {
            super(message, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final AtomicIntegerFieldUpdater<UpstreamExchange> WAITING =
            AtomicIntegerFieldUpdater.newUpdater(UpstreamExchange.class, "waiting");

    final EventLoop loop;
    final HttpRequest head;
    final Publisher<ByteBuf> body;
    final long deadline;
    private final Handler handler;

    private volatile int waiting;
    private ConnectionPool.Pool waitingIn;
    private ScheduledFuture<?> waitTimer;
    UpstreamConnection connection;

    private boolean answered;
    private boolean cancelled;
    private boolean discarding;
    private boolean ended;
    private boolean terminated;
    private boolean draining;
    private Throwable error;
    private Subscriber<? super ByteBuf> subscriber;
    private BodyStart bodyStart;
    private long demand;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(4);

    UpstreamExchange(EventLoop loop, HttpRequest head, Publisher<ByteBuf> body, long deadline, Handler handler) {
        this.loop = loop;
        this.head = head;
        this.body = body;
        this.deadline = deadline;
        this.handler = handler;
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean answered() {
        return answered;
    }

    /** Whether the connection should read on: the head is awaited, or the body is wanted or being discarded. */
    boolean wantsData() {
        return !terminated && !ended && (!answered || discarding || demand > 0 || bodyStart != null);
    }

    // ---- waiting for a connection ----

    void waitFor(ConnectionPool.Pool pool, long pendingNanos) {
        waitingIn = pool;
        waiting = 1;
        long wait = pendingNanos;
        if (deadline != 0) {
            wait = Math.min(wait, deadline - System.nanoTime());
        }
        waitTimer = loop.schedule(() -> {
            if (WAITING.compareAndSet(this, 1, 0)) {
                pool.forget(this);
                fail(deadline != 0 && deadline - System.nanoTime() <= 0
                        ? new TimeoutException("per-try timeout while waiting for a connection to " + pool.target.address())
                        : new ConnectionPool.PendingTimeoutException(pool.target.address()));
            }
        }, Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    /** Takes this exchange out of waiting; false when it already timed out or was cancelled. Any thread. */
    boolean stopWaiting() {
        if (!WAITING.compareAndSet(this, 1, 0)) {
            return false;
        }
        ScheduledFuture<?> timer = waitTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    // ---- signals from the connection, on the loop ----

    /** The exchange failed: before the head, the handler hears it; after, the body subscriber does. */
    void fail(Throwable cause) {
        if (!answered) {
            answered = true;
            terminated = true;
            if (!cancelled) {
                handler.onFailure(cause);
            }
            return;
        }
        if (terminated || discarding) {
            terminated = true;
            return;
        }
        error = cause;
        streams();
        drain();
    }

    void onHead(HttpResponse response) {
        answered = true;
        if (!cancelled) {
            handler.onResponse(response, this);
        }
    }

    void onContent(ByteBuf content, boolean last) {
        if (bodyStart != null && last && queue.isEmpty() && !terminated) {
            BodyStart whole = bodyStart;
            bodyStart = null;
            ended = true;
            terminated = true;
            connection.finished(this);
            whole.whole(content);
            return;
        }
        if (terminated || discarding || !content.isReadable()) {
            content.release();
        } else {
            queue.add(content);
        }
        if (last) {
            ended = true;
            if (discarding && !terminated) {
                terminated = true;
                connection.finished(this);
                return;
            }
        }
        streams();
        drain();
    }

    /** The read that brought the head ended without the whole body: it streams. */
    void readComplete() {
        streams();
    }

    private void streams() {
        BodyStart start = bodyStart;
        if (start != null) {
            bodyStart = null;
            start.streams();
        }
    }

    // ---- the response body ----

    /**
     * Asks to hear whether the body arrives whole with the head (a small answer, read in the same go): then it comes
     * as one buffer and can be relayed as one message; otherwise {@link BodyStart#streams()} says to subscribe.
     */
    public void onBodyStart(BodyStart callback) {
        if (terminated || error != null || !queue.isEmpty() || ended || subscriber != null) {
            callback.streams();
            return;
        }
        bodyStart = callback;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuf> s) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> subscribe(s));
            return;
        }
        if (subscriber != null || discarding) {
            s.onSubscribe(this);
            s.onError(new IllegalStateException("an upstream response body can be subscribed to only once"));
            return;
        }
        subscriber = s;
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> request(n));
            return;
        }
        if (n <= 0 || terminated) {
            return;
        }
        boolean idle = demand == 0;
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        drain();
        if (idle && connection != null && wantsData()) {
            connection.read();
        }
    }

    /** Cancels the exchange: before the head or mid-body, its connection closes (its answer is unfinished). */
    @Override
    public void cancel() {
        if (!loop.inEventLoop()) {
            loop.execute(this::cancel);
            return;
        }
        if (cancelled) {
            return;
        }
        boolean finished = terminated;
        cancelled = true;
        terminated = true;
        bodyStart = null;
        releaseQueue();
        if (WAITING.compareAndSet(this, 1, 0)) {
            waitTimer.cancel(false);
            waitingIn.forget(this);
        }
        if (!finished && connection != null) {
            connection.abort(this);
        }
    }

    /** Reads the rest of the body and drops it; the connection then serves another request. */
    public void discard() {
        if (!loop.inEventLoop()) {
            loop.execute(this::discard);
            return;
        }
        if (terminated) {
            return;
        }
        discarding = true;
        releaseQueue();
        if (ended) {
            terminated = true;
            connection.finished(this);
        } else if (connection != null) {
            connection.read();
        }
    }

    private void drain() {
        if (draining || subscriber == null || cancelled) {
            return;
        }
        draining = true;
        try {
            while (demand > 0 && !queue.isEmpty() && !cancelled) {
                demand--;
                subscriber.onNext(queue.poll());
            }
            if (cancelled || terminated) {
                return;
            }
            if (error != null) {
                terminated = true;
                releaseQueue();
                subscriber.onError(error);
            } else if (ended && queue.isEmpty()) {
                terminated = true;
                connection.finished(this);
                subscriber.onComplete();
            }
        } finally {
            draining = false;
        }
    }

    private void releaseQueue() {
        ByteBuf buffer;
        while ((buffer = queue.poll()) != null) {
            ReferenceCountUtil.release(buffer);
        }
    }
}
