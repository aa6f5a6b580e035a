package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.schema.Checks;

/** Rules of one route on its own. */
final class RouteRules {

    static final List<String> PROTOCOLS = List.of("http", "https");
    /** Kong route protocols this gateway does not serve: refused with a message that says so. */
    static final Set<String> KONG_ONLY_PROTOCOLS = Set.of("grpc", "grpcs", "ws", "wss", "tcp", "tls", "udp",
            "tls_passthrough");
    static final Set<Integer> REDIRECT_CODES = Set.of(426, 301, 302, 307, 308);
    static final List<String> PATH_HANDLING = List.of("v0", "v1");
    static final long MAX_PRIORITY = (1L << 46) - 1;
    /** A header value written {@code ~*…} is a regular expression, as in Kong. */
    static final String HEADER_REGEX_PREFIX = "~*";

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    private RouteRules() {
    }

    static void check(RouteDefinition route, String path, Violations violations) {
        Syntax.id(route.id(), path, violations);
        Syntax.name(route.name(), at(path, "name"), violations);
        protocols(route, path, violations);
        boolean matches = !route.methods().isEmpty() || !route.hosts().isEmpty() || !route.paths().isEmpty()
                || !route.headers().isEmpty() || !route.snis().isEmpty();
        if (!matches) {
            violations.add(at(path, "paths"), ConfigMessages.ROUTE_NEEDS_MATCHER);
        }
        elements(route.methods(), at(path, "methods"), violations,
                method -> METHOD.matcher(method).matches() ? null : ConfigMessages.INVALID_METHOD);
        elements(route.hosts(), at(path, "hosts"), violations,
                host -> Syntax.isHostPattern(host) ? null : ConfigMessages.INVALID_HOST_PATTERN);
        elements(route.paths(), at(path, "paths"), violations, RouteRules::pathProblem);
        headers(route.headers(), at(path, "headers"), violations);
        elements(route.snis(), at(path, "snis"), violations,
                sni -> Syntax.isSni(sni) ? null : ConfigMessages.INVALID_SNI);
        if (!route.snis().isEmpty() && !route.protocols().contains("https")) {
            violations.add(at(path, "snis"), ConfigMessages.SNIS_NEED_HTTPS);
        }
        if (!REDIRECT_CODES.contains(route.httpsRedirectStatusCode())) {
            violations.add(at(path, "https_redirect_status_code"), ConfigMessages.INVALID_REDIRECT_STATUS);
        }
        if (!PATH_HANDLING.contains(route.pathHandling())) {
            violations.add(at(path, "path_handling"), ConfigMessages.NOT_ONE_OF, String.join(", ", PATH_HANDLING));
        }
        Syntax.range(route.regexPriority(), Integer.MIN_VALUE, Integer.MAX_VALUE, at(path, "regex_priority"),
                violations);
        Syntax.range(route.priority(), 0, MAX_PRIORITY, at(path, "priority"), violations);
        Syntax.tags(route.tags(), path, violations);
        if (route.retry() != null) {
            RetryRules.check(route.retry(), at(path, "retry"), violations);
        }
    }

    private static void protocols(RouteDefinition route, String path, Violations violations) {
        if (route.protocols().isEmpty()) {
            violations.add(at(path, "protocols"), ConfigMessages.REQUIRED);
        }
        elements(route.protocols(), at(path, "protocols"), violations, protocol -> PROTOCOLS.contains(protocol) ? null
                : KONG_ONLY_PROTOCOLS.contains(protocol) ? String.format(ConfigMessages.KONG_PROTOCOL_NOT_SUPPORTED, protocol)
                : String.format(ConfigMessages.UNSUPPORTED_PROTOCOL, String.join(", ", PROTOCOLS)));
    }

    /** A path is {@code /prefix} or {@code ~/regex} (compiled as a Java pattern; named groups allowed). */
    static String pathProblem(String path) {
        if (RouteDefinition.isRegexPath(path)) {
            if (!path.startsWith("~/")) {
                return ConfigMessages.INVALID_PATH;
            }
            try {
                RouteDefinition.regexOf(path);
                return null;
            }
            catch (PatternSyntaxException ex) {
                return String.format(ConfigMessages.INVALID_REGEX, ex.getDescription());
            }
        }
        return path.startsWith("/") ? null : ConfigMessages.INVALID_PATH;
    }

    private static void headers(Map<String, List<String>> headers, String path, Violations violations) {
        headers.forEach((name, values) -> {
            String headerPath = at(path, name);
            if (!Checks.isToken(name)) {
                violations.add(headerPath, ConfigMessages.INVALID_HEADER_NAME);
            }
            else if (name.toLowerCase(Locale.ROOT).equals("host")) {
                violations.add(headerPath, ConfigMessages.HOST_HEADER_NOT_ALLOWED);
            }
            if (values == null || values.isEmpty()) {
                violations.add(headerPath, ConfigMessages.HEADER_VALUES_REQUIRED);
                return;
            }
            elements(values, headerPath, violations, value -> {
                if (!value.startsWith(HEADER_REGEX_PREFIX)) {
                    return null;
                }
                try {
                    Pattern.compile(value.substring(HEADER_REGEX_PREFIX.length()));
                    return null;
                }
                catch (PatternSyntaxException ex) {
                    return String.format(ConfigMessages.INVALID_REGEX, ex.getDescription());
                }
            });
        });
    }

    static void elements(List<String> values, String path, Violations violations,
            Function<String, String> problem) {
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String message = value == null ? ConfigMessages.NULL_ELEMENT : problem.apply(value);
            if (message != null) {
                violations.add(at(path, i), message);
            }
        }
    }

}
