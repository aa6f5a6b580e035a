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
 */
public record ServerLimits(
        int maxUriLength,
        int maxHeaderBytes,
        long maxBodyBytes,
        Duration idleTimeout,
        Duration requestReadTimeout,
        Duration drainTimeout) {

    public static ServerLimits defaults() {
        return new ServerLimits(4096, 16 * 1024, 0, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    public ServerLimits withUriAndHeaders(int uri, int headers) {
        return new ServerLimits(uri, headers, maxBodyBytes, idleTimeout, requestReadTimeout, drainTimeout);
    }

    public ServerLimits withMaxBody(long bytes) {
        return new ServerLimits(maxUriLength, maxHeaderBytes, bytes, idleTimeout, requestReadTimeout, drainTimeout);
    }

    public ServerLimits withTimeouts(Duration idle, Duration requestRead) {
        return new ServerLimits(maxUriLength, maxHeaderBytes, maxBodyBytes, idle, requestRead, drainTimeout);
    }
}
