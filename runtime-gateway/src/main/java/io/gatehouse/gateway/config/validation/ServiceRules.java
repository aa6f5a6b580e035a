package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.util.List;
import java.util.Objects;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ServiceDefinition;

/** Rules of one service on its own. */
final class ServiceRules {

    static final List<String> PROTOCOLS = List.of("http", "https");

    private ServiceRules() {
    }

    static void check(ServiceDefinition service, String path, Violations violations) {
        Syntax.id(service.id(), path, violations);
        Syntax.name(service.name(), at(path, "name"), violations);
        url(service, path, violations);
        if (!PROTOCOLS.contains(service.protocol())) {
            violations.add(at(path, "protocol"), ConfigMessages.UNSUPPORTED_PROTOCOL, String.join(", ", PROTOCOLS));
        }
        if (service.host() == null) {
            if (service.url() == null) {
                violations.add(at(path, "host"), ConfigMessages.HOST_REQUIRED);
            }
        }
        else if (!Syntax.isHost(service.host())) {
            violations.add(at(path, "host"), ConfigMessages.INVALID_HOST);
        }
        Syntax.port(service.port(), at(path, "port"), violations);
        if (service.path() != null && !service.path().startsWith("/")) {
            violations.add(at(path, "path"), ConfigMessages.INVALID_SERVICE_PATH);
        }
        Syntax.range(service.retries(), 0, RetryRules.MAX_RETRIES, at(path, "retries"), violations);
        Syntax.timeout(service.connectTimeout(), at(path, "connect_timeout"), violations);
        Syntax.timeout(service.writeTimeout(), at(path, "write_timeout"), violations);
        Syntax.timeout(service.readTimeout(), at(path, "read_timeout"), violations);
        Syntax.tags(service.tags(), path, violations);
        if (service.retry() != null) {
            RetryRules.check(service.retry(), at(path, "retry"), violations);
        }
    }

    /** A url must parse, and any of protocol/host/port/path given beside it must agree with it. */
    private static void url(ServiceDefinition service, String path, Violations violations) {
        if (service.url() == null) {
            return;
        }
        ServiceDefinition.UrlParts parts = ServiceDefinition.UrlParts.of(service.url());
        if (!parts.parsed() || !PROTOCOLS.contains(parts.protocol())) {
            violations.add(at(path, "url"), ConfigMessages.INVALID_URL);
            return;
        }
        conflict(service.protocol(), parts.protocol(), at(path, "protocol"), violations);
        conflict(service.host(), parts.host(), at(path, "host"), violations);
        conflict(service.port(), parts.port(), at(path, "port"), violations);
        if (parts.path() != null || service.path() != null) {
            conflict(service.path(), parts.path(), at(path, "path"), violations);
        }
    }

    private static void conflict(Object given, Object fromUrl, String path, Violations violations) {
        if (!Objects.equals(given, fromUrl)) {
            violations.add(path, ConfigMessages.URL_CONFLICT, fromUrl == null ? "none" : fromUrl);
        }
    }

}
