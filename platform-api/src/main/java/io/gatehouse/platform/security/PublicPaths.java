package io.gatehouse.platform.security;

import java.util.List;

/**
 * Paths outside the API that other modules serve to callers who authenticate on their own, e.g. the gateways'
 * config-sync WebSocket (gateway token) or inbound mail webhooks. Declare a bean, and the console chain lets
 * these requests through without a signed-in user and without a CSRF token; the handler must then check the
 * caller's credential itself.
 *
 * <pre>{@code @Bean PublicPaths syncEndpoint() { return PublicPaths.of("/sync/**"); }}</pre>
 */
public record PublicPaths(List<String> patterns) {

    public PublicPaths {
        patterns = List.copyOf(patterns);
    }

    public static PublicPaths of(String... patterns) {
        return new PublicPaths(List.of(patterns));
    }
}
