package io.gatehouse.gateway.retry;

/** How an attempt failed when no response arrived. */
public enum FailureKind {
    /** The TCP connection could not be established (refused, unreachable, connect timeout). */
    CONNECT_FAILURE,
    /** The connection was closed or reset before a response arrived. */
    RESET,
    /** No response within the per-try or read timeout. */
    TIMEOUT,
    /** An HTTP/2 upstream refused the stream. */
    REFUSED_STREAM
}
