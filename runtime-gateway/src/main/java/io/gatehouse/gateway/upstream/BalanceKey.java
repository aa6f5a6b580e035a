package io.gatehouse.gateway.upstream;

/**
 * What a hashing balancer may hash on for one request.
 *
 * @param consumer authenticated consumer id, or null
 * @param clientIp the client's IP address
 * @param header   function giving a request header by lower-case name (null when absent)
 * @param path     the request path
 */
public record BalanceKey(String consumer, String clientIp, java.util.function.Function<String, String> header,
    String path) {
}
