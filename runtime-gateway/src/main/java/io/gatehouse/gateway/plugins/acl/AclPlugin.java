package io.gatehouse.gateway.plugins.acl;

import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * acl: lets the authenticated consumer through when one of its groups is allowed (or none is denied).
 * Runs after the auth plugins; without a consumer the request is unauthorized.
 */
public final class AclPlugin implements Plugin {

    private final AclConfig config;
    private final Set<String> allow;
    private final Set<String> deny;

    public AclPlugin(AclConfig config) {
        this.config = config;
        this.allow = config.allow() == null ? Set.of() : Set.copyOf(config.allow());
        this.deny = config.deny() == null ? Set.of() : Set.copyOf(config.deny());
    }

    @Override
    public String name() {
        return AclConfig.NAME;
    }

    @Override
    public int priority() {
        return AclConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        Consumer consumer = exchange.consumer();
        if (consumer == null) {
            return Mono.just(new Verdict.Reject(GatewayError.UNAUTHORIZED_NO_CREDENTIALS));
        }
        Set<String> groups = consumer.groups();
        boolean allowed = allow.isEmpty() ? groups.stream().noneMatch(deny::contains)
                : groups.stream().anyMatch(allow::contains) && groups.stream().noneMatch(deny::contains);
        if (!allowed) {
            return Mono.just(new Verdict.Reject(GatewayError.FORBIDDEN_CONSUMER));
        }
        if (!config.hideGroupsHeader()) {
            exchange.upstream(request -> request.withHeaders(h -> h.set("X-Consumer-Groups",
                    String.join(", ", new java.util.TreeSet<>(groups)))));
        }
        return Verdict.PROCEED;
    }
}
