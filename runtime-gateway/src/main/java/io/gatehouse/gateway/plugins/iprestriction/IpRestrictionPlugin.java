package io.gatehouse.gateway.plugins.iprestriction;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import java.util.List;
import reactor.core.publisher.Mono;

/** ip-restriction: denies clients in a deny CIDR, and when an allow list exists, everyone outside it. */
public final class IpRestrictionPlugin implements Plugin {

    private final IpRestrictionConfig config;
    private final List<Cidr> allow;
    private final List<Cidr> deny;

    public IpRestrictionPlugin(IpRestrictionConfig config) {
        this.config = config;
        this.allow = config.allow() == null ? List.of() : config.allow().stream().map(Cidr::parse).toList();
        this.deny = config.deny() == null ? List.of() : config.deny().stream().map(Cidr::parse).toList();
    }

    @Override
    public String name() {
        return IpRestrictionConfig.NAME;
    }

    @Override
    public int priority() {
        return IpRestrictionConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        String ip = exchange.clientIp();
        boolean denied = deny.stream().anyMatch(c -> c.contains(ip))
                || (!allow.isEmpty() && allow.stream().noneMatch(c -> c.contains(ip)));
        if (!denied) {
            return Verdict.PROCEED;
        }
        GatewayError error = GatewayError.FORBIDDEN_IP;
        int status = config.status() > 0 ? config.status() : error.status();
        String message = config.message() != null ? config.message() : error.message();
        return Mono.just(new Verdict.Reject(status, message, null));
    }
}
