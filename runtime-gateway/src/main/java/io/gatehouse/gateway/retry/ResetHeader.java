package io.gatehouse.gateway.retry;

import java.util.Locale;

/**
 * A rate-limit reset header of MeshRetry's {@code rateLimitedBackOff}.
 *
 * @param name   header name, matched case-insensitively
 * @param format how its value reads
 */
public record ResetHeader(String name, Format format) {

    /** {@code Seconds}: a delay in seconds; {@code UnixTimestamp}: the instant (epoch seconds) to retry at. */
    public enum Format { SECONDS, UNIX_TIMESTAMP }

    public ResetHeader {
        name = name.toLowerCase(Locale.ROOT);
    }
}
