package io.gatehouse.gateway.server;

import java.time.Duration;

/**
 * Limits of the proxy listener.
 *
 * @param maxUriLength      request-target length above which the answer is 414
 * @param maxHeaderBytes    total size of request headers above which the answer is 431
 * @param maxBodyBytes      request body size above which the answer is 413 (0: unlimited)
 * @param idleTimeout       a keep-alive connection idle this long is closed
 * @param requestReadTimeout the whole request (headers and body) must arrive within this time (slowloris), else 408
 * @param drainTimeout      on shutdown, in-flight requests get this long to finish
 * @param maxBufferedBodyBytes largest request or response body the gateway buffers for a plugin that needs the
 *                          whole body (key-auth {@code key_in_body}, the transformers); a request body past it is
 *                          answered 413, a response body past it streams through unchanged
 */
public record ServerLimits(
        int maxUriLength,
        int maxHeaderBytes,
        long maxBodyBytes,
        Duration idleTimeout,
        Duration requestReadTimeout,
        Duration drainTimeout,
        long maxBufferedBodyBytes) {

    /** Default of {@link #maxBufferedBodyBytes}: 8 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BODY = 8L * 1024 * 1024;

    /** Limits with the default buffering limit. */
    public ServerLimits(int maxUriLength, int maxHeaderBytes, long maxBodyBytes, Duration idleTimeout,
            Duration requestReadTimeout, Duration drainTimeout) {
        this(maxUriLength, maxHeaderBytes, maxBodyBytes, idleTimeout, requestReadTimeout, drainTimeout,
                DEFAULT_MAX_BUFFERED_BODY);
    }

    public static ServerLimits defaults() {
        return new ServerLimits(4096, 16 * 1024, 0, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    public ServerLimits withMaxBufferedBody(long bytes) {
        return new ServerLimits(maxUriLength, maxHeaderBytes, maxBodyBytes, idleTimeout, requestReadTimeout,
                drainTimeout, bytes);
    }

    public ServerLimits withUriAndHeaders(int uri, int headers) {
        return new ServerLimits(uri, headers, maxBodyBytes, idleTimeout, requestReadTimeout, drainTimeout,
                maxBufferedBodyBytes);
    }

    public ServerLimits withMaxBody(long bytes) {
        return new ServerLimits(maxUriLength, maxHeaderBytes, bytes, idleTimeout, requestReadTimeout, drainTimeout,
                maxBufferedBodyBytes);
    }

    public ServerLimits withTimeouts(Duration idle, Duration requestRead) {
        return new ServerLimits(maxUriLength, maxHeaderBytes, maxBodyBytes, idle, requestRead, drainTimeout,
                maxBufferedBodyBytes);
    }
}
