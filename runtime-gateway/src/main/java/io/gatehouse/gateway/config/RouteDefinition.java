package io.gatehouse.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How requests are matched to a service, as Kong's Admin API describes a route. Paths are prefixes,
 * or regular expressions when written {@code ~/…} (named groups become captures plugins can read);
 * hosts may carry one wildcard at the start or the end ({@code *.example.com}, {@code api.*}).
 * Defaults as in Kong: protocols [http, https], strip_path true, preserve_host false,
 * regex_priority 0, priority 0, https_redirect_status_code 426, path_handling v0, request and
 * response buffering on. {@code retry} optionally overrides the service's MeshRetry policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteDefinition(
        String id,
        String name,
        List<String> protocols,
        List<String> methods,
        List<String> hosts,
        List<String> paths,
        Map<String, List<String>> headers,
        List<String> snis,
        @JsonProperty("strip_path") Boolean stripPath,
        @JsonProperty("preserve_host") Boolean preserveHost,
        @JsonProperty("regex_priority") Integer regexPriority,
        Long priority,
        @JsonProperty("https_redirect_status_code") Integer httpsRedirectStatusCode,
        @JsonProperty("path_handling") String pathHandling,
        @JsonProperty("request_buffering") Boolean requestBuffering,
        @JsonProperty("response_buffering") Boolean responseBuffering,
        List<String> tags,
        EntityRef service,
        RetryPolicy retry) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("http", "https");
    public static final int DEFAULT_HTTPS_REDIRECT_STATUS_CODE = 426;
    public static final String DEFAULT_PATH_HANDLING = "v0";
    /** The prefix that marks a path as a regular expression. */
    public static final String REGEX_PREFIX = "~";

    public RouteDefinition {
        protocols = Values.list(protocols, DEFAULT_PROTOCOLS);
        methods = Values.list(methods);
        hosts = Values.list(hosts);
        paths = Values.list(paths);
        headers = Values.map(headers);
        snis = Values.list(snis);
        stripPath = Values.or(stripPath, Boolean.TRUE);
        preserveHost = Values.or(preserveHost, Boolean.FALSE);
        regexPriority = Values.or(regexPriority, 0);
        priority = Values.or(priority, 0L);
        httpsRedirectStatusCode = Values.or(httpsRedirectStatusCode, DEFAULT_HTTPS_REDIRECT_STATUS_CODE);
        pathHandling = Values.or(pathHandling, DEFAULT_PATH_HANDLING);
        requestBuffering = Values.or(requestBuffering, Boolean.TRUE);
        responseBuffering = Values.or(responseBuffering, Boolean.TRUE);
        tags = Values.list(tags);
    }

    /** A route with the given name, service and paths, every other field at its default. */
    public static RouteDefinition of(String name, EntityRef service, List<String> paths) {
        return new RouteDefinition(null, name, null, null, null, paths, null, null, null, null, null, null, null,
                null, null, null, null, service, null);
    }

    /** A copy with another id. */
    public RouteDefinition withId(String newId) {
        return new RouteDefinition(newId, name, protocols, methods, hosts, paths, headers, snis, stripPath,
                preserveHost, regexPriority, priority, httpsRedirectStatusCode, pathHandling, requestBuffering,
                responseBuffering, tags, service, retry);
    }

    /** A copy pointing at another service. */
    public RouteDefinition withService(EntityRef newService) {
        return new RouteDefinition(id, name, protocols, methods, hosts, paths, headers, snis, stripPath,
                preserveHost, regexPriority, priority, httpsRedirectStatusCode, pathHandling, requestBuffering,
                responseBuffering, tags, newService, retry);
    }

    /** True when a path is a regular expression ({@code ~/…}). */
    public static boolean isRegexPath(String path) {
        return path != null && path.startsWith(REGEX_PREFIX);
    }

    /**
     * The pattern of a regex path: the text after {@code ~}, a Java regular expression whose named
     * groups ({@code (?<id>\d+)}) are the captures plugins can read. Matched against the request path
     * from its start, as Kong does.
     * @throws java.util.regex.PatternSyntaxException for a path the validator would reject
     */
    public static Pattern regexOf(String path) {
        return Pattern.compile(path.substring(REGEX_PREFIX.length()));
    }

}
