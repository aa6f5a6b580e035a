package io.gatehouse.gateway.upstream;

/**
 * The load-balancing algorithm of an upstream.
 *
 * @param algorithm  which algorithm
 * @param hashOn     for {@link Algorithm#CONSISTENT_HASHING}: what to hash
 * @param hashHeader for {@link HashOn#HEADER}: the header name
 */
public record Balancing(Algorithm algorithm, HashOn hashOn, String hashHeader) {

    /** Load-balancing algorithms. */
    public enum Algorithm { ROUND_ROBIN, LEAST_CONNECTIONS, CONSISTENT_HASHING }

    /** Inputs of consistent hashing; falls back to the client IP when the chosen input is absent. */
    public enum HashOn { CONSUMER, IP, HEADER, PATH }

    public static Balancing roundRobin() {
        return new Balancing(Algorithm.ROUND_ROBIN, HashOn.IP, null);
    }

    public static Balancing leastConnections() {
        return new Balancing(Algorithm.LEAST_CONNECTIONS, HashOn.IP, null);
    }

    public static Balancing hashOn(HashOn on, String header) {
        return new Balancing(Algorithm.CONSISTENT_HASHING, on, header);
    }
}
