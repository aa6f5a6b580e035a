package io.gatehouse.gateway.runtime;

import java.time.Duration;

/**
 * The settings of a service the proxy needs.
 *
 * @param id                 service id
 * @param name               service name
 * @param protocol           {@code http} or {@code https} towards the upstream
 * @param path               path prefix prepended to forwarded paths ({@code /} or empty for none)
 * @param connectTimeout     TCP connect timeout
 * @param readTimeout        longest silence while reading a response
 * @param writeTimeout       longest a write to the upstream may take
 * @param maxConnections     connection pool size
 * @param maxPendingAcquires requests that may wait for a pooled connection
 */
public record ServiceSettings(
        String id,
        String name,
        String protocol,
        String path,
        Duration connectTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxConnections,
        int maxPendingAcquires) {

    /** Kong's defaults: 60 s timeouts; a pool of 512 connections. */
    public static ServiceSettings http(String id) {
        return new ServiceSettings(id, id, "http", "", Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60), 512, 4096);
    }

    public ServiceSettings withPath(String newPath) {
        return new ServiceSettings(id, name, protocol, newPath, connectTimeout, readTimeout, writeTimeout,
                maxConnections, maxPendingAcquires);
    }

    public ServiceSettings withTimeouts(Duration connect, Duration read, Duration write) {
        return new ServiceSettings(id, name, protocol, path, connect, read, write, maxConnections, maxPendingAcquires);
    }

    public ServiceSettings withPool(int connections, int pending) {
        return new ServiceSettings(id, name, protocol, path, connectTimeout, readTimeout, writeTimeout, connections,
                pending);
    }
}
