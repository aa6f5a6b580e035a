package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.math.BigDecimal;
import java.util.List;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.Healthchecks;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.config.schema.Checks;

/** Rules of one upstream or target on its own. */
final class UpstreamRules {

    static final List<String> CHECK_TYPES = List.of("http", "https", "tcp");
    static final List<String> HASH_FALLBACK = List.of("none", "consumer", "ip", "header", "cookie", "path");

    private UpstreamRules() {
    }

    static void check(UpstreamDefinition upstream, String path, Violations violations) {
        Syntax.id(upstream.id(), path, violations);
        if (upstream.name() == null) {
            violations.add(at(path, "name"), ConfigMessages.REQUIRED);
        }
        else if (!Syntax.isHost(upstream.name())) {
            violations.add(at(path, "name"), ConfigMessages.INVALID_HOST);
        }
        oneOf(upstream.algorithm(), UpstreamDefinition.ALGORITHMS, at(path, "algorithm"), violations);
        oneOf(upstream.hashOn(), UpstreamDefinition.HASH_ON, at(path, "hash_on"), violations);
        oneOf(upstream.hashFallback(), HASH_FALLBACK, at(path, "hash_fallback"), violations);
        hashing(upstream, path, violations);
        Syntax.range(upstream.slots(), 10, 65_536, at(path, "slots"), violations);
        if (upstream.hostHeader() != null && !Syntax.isHost(upstream.hostHeader())) {
            violations.add(at(path, "host_header"), ConfigMessages.INVALID_HOST);
        }
        healthchecks(upstream.healthchecks(), at(path, "healthchecks"), violations);
        Syntax.tags(upstream.tags(), path, violations);
    }

    private static void hashing(UpstreamDefinition upstream, String path, Violations violations) {
        if ("header".equals(upstream.hashOn())) {
            header(upstream.hashOnHeader(), "hash_on", at(path, "hash_on_header"), violations);
        }
        if ("header".equals(upstream.hashFallback())) {
            header(upstream.hashFallbackHeader(), "hash_fallback", at(path, "hash_fallback_header"), violations);
        }
        boolean cookie = "cookie".equals(upstream.hashOn()) || "cookie".equals(upstream.hashFallback());
        if (cookie && upstream.hashOnCookie() == null) {
            violations.add(at(path, "hash_on_cookie"), ConfigMessages.HASH_COOKIE_REQUIRED);
        }
        if (upstream.hashOnCookiePath() != null && !upstream.hashOnCookiePath().startsWith("/")) {
            violations.add(at(path, "hash_on_cookie_path"), ConfigMessages.INVALID_SERVICE_PATH);
        }
        if (!"none".equals(upstream.hashFallback())) {
            boolean primaryAllows = List.of("consumer", "ip", "header", "path").contains(upstream.hashOn());
            boolean same = upstream.hashFallback().equals(upstream.hashOn()) && !"header".equals(upstream.hashOn());
            boolean sameHeader = "header".equals(upstream.hashOn()) && "header".equals(upstream.hashFallback())
                    && upstream.hashOnHeader() != null
                    && upstream.hashOnHeader().equalsIgnoreCase(upstream.hashFallbackHeader());
            if (!primaryAllows || same || sameHeader) {
                violations.add(at(path, "hash_fallback"), ConfigMessages.HASH_FALLBACK_INVALID);
            }
        }
    }

    private static void header(String header, String field, String path, Violations violations) {
        if (header == null) {
            violations.add(path, ConfigMessages.HASH_HEADER_REQUIRED, field);
        }
        else if (!Checks.isToken(header)) {
            violations.add(path, ConfigMessages.INVALID_HEADER_NAME);
        }
    }

    private static void healthchecks(Healthchecks checks, String path, Violations violations) {
        Healthchecks.Active active = checks.active();
        String activePath = at(path, "active");
        oneOf(active.type(), CHECK_TYPES, at(activePath, "type"), violations);
        if (!active.httpPath().startsWith("/")) {
            violations.add(at(activePath, "http_path"), ConfigMessages.INVALID_SERVICE_PATH);
        }
        decimal(active.timeout(), 0, 65_535, at(activePath, "timeout"), violations);
        Syntax.range(active.concurrency(), 1, Integer.MAX_VALUE, at(activePath, "concurrency"), violations);
        decimal(active.healthy().interval(), 0, 65_535, at(activePath, "healthy.interval"), violations);
        counter(active.healthy().successes(), at(activePath, "healthy.successes"), violations);
        statuses(active.healthy().httpStatuses(), at(activePath, "healthy.http_statuses"), violations);
        decimal(active.unhealthy().interval(), 0, 65_535, at(activePath, "unhealthy.interval"), violations);
        counter(active.unhealthy().httpFailures(), at(activePath, "unhealthy.http_failures"), violations);
        counter(active.unhealthy().tcpFailures(), at(activePath, "unhealthy.tcp_failures"), violations);
        counter(active.unhealthy().timeouts(), at(activePath, "unhealthy.timeouts"), violations);
        statuses(active.unhealthy().httpStatuses(), at(activePath, "unhealthy.http_statuses"), violations);

        Healthchecks.Passive passive = checks.passive();
        String passivePath = at(path, "passive");
        oneOf(passive.type(), CHECK_TYPES, at(passivePath, "type"), violations);
        counter(passive.healthy().successes(), at(passivePath, "healthy.successes"), violations);
        statuses(passive.healthy().httpStatuses(), at(passivePath, "healthy.http_statuses"), violations);
        counter(passive.unhealthy().httpFailures(), at(passivePath, "unhealthy.http_failures"), violations);
        counter(passive.unhealthy().tcpFailures(), at(passivePath, "unhealthy.tcp_failures"), violations);
        counter(passive.unhealthy().timeouts(), at(passivePath, "unhealthy.timeouts"), violations);
        statuses(passive.unhealthy().httpStatuses(), at(passivePath, "unhealthy.http_statuses"), violations);
        decimal(checks.threshold(), 0, 100, at(path, "threshold"), violations);
    }

    private static void counter(Integer value, String path, Violations violations) {
        Syntax.range(value, 0, 255, path, violations);
    }

    private static void statuses(List<Integer> statuses, String path, Violations violations) {
        for (int i = 0; i < statuses.size(); i++) {
            Integer status = statuses.get(i);
            if (status == null) {
                violations.add(at(path, i), ConfigMessages.NULL_ELEMENT);
            }
            else {
                Syntax.range(status, 100, 999, at(path, i), violations);
            }
        }
    }

    private static void decimal(BigDecimal value, long min, long max, String path, Violations violations) {
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            violations.add(path, ConfigMessages.OUT_OF_RANGE, min, max);
        }
    }

    private static void oneOf(String value, List<String> allowed, String path, Violations violations) {
        if (!allowed.contains(value)) {
            violations.add(path, ConfigMessages.NOT_ONE_OF, String.join(", ", allowed));
        }
    }

    static void checkTarget(TargetDefinition target, String path, Violations violations) {
        Syntax.id(target.id(), path, violations);
        if (target.target() == null) {
            violations.add(at(path, "target"), ConfigMessages.REQUIRED);
        }
        else if (!isTarget(target.target())) {
            violations.add(at(path, "target"), ConfigMessages.INVALID_TARGET);
        }
        Syntax.range(target.weight(), 0, 65_535, at(path, "weight"), violations);
        Syntax.tags(target.tags(), path, violations);
    }

    /** {@code host}, {@code host:port}, {@code ipv4:port}, {@code [ipv6]} or {@code [ipv6]:port}. */
    static boolean isTarget(String target) {
        String host = target;
        String port = null;
        if (target.startsWith("[")) {
            int close = target.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = target.substring(0, close + 1);
            String rest = target.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                port = rest.substring(1);
            }
        }
        else if (target.indexOf(':') >= 0) {
            if (target.indexOf(':') != target.lastIndexOf(':')) {
                return false;
            }
            host = target.substring(0, target.indexOf(':'));
            port = target.substring(target.indexOf(':') + 1);
        }
        if (port != null && (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535)) {
            return false;
        }
        return Syntax.isHost(host);
    }

}
