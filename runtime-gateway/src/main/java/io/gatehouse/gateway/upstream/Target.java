package io.gatehouse.gateway.upstream;

/**
 * One upstream address with its load-balancing weight.
 *
 * @param host   host name or IP literal
 * @param port   TCP port
 * @param weight relative share of traffic (0 takes none)
 */
public record Target(String host, int port, int weight) {

    public Target {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
    }

    /** {@code host:port}, the form used in logs, metrics and host-selection bookkeeping. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
