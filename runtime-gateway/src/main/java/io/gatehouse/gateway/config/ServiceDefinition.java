package io.gatehouse.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An upstream API as Kong's Admin API describes it. Either {@code url} or
 * protocol/host/port/path; a {@code url} fills in whichever of those are absent (the validator
 * reports a clash with ones that are given). {@code host} may name an {@link UpstreamDefinition}.
 * Defaults as in Kong: protocol http, port 80 (443 for an https url), retries 5, timeouts 60000 ms,
 * enabled. {@code retry} is the optional MeshRetry policy that replaces the plain {@code retries} count.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceDefinition(
        String id,
        String name,
        String url,
        String protocol,
        String host,
        Integer port,
        String path,
        Integer retries,
        @JsonProperty("connect_timeout") Integer connectTimeout,
        @JsonProperty("write_timeout") Integer writeTimeout,
        @JsonProperty("read_timeout") Integer readTimeout,
        List<String> tags,
        Boolean enabled,
        RetryPolicy retry) {

    public static final String DEFAULT_PROTOCOL = "http";
    public static final int DEFAULT_RETRIES = 5;
    public static final int DEFAULT_TIMEOUT_MS = 60_000;

    public ServiceDefinition {
        UrlParts parts = UrlParts.of(url);
        protocol = Values.or(protocol, Values.or(parts.protocol(), DEFAULT_PROTOCOL));
        host = Values.or(host, parts.host());
        port = Values.or(port, Values.or(parts.port(), "https".equals(protocol) && url != null ? 443 : 80));
        path = Values.or(path, parts.path());
        retries = Values.or(retries, DEFAULT_RETRIES);
        connectTimeout = Values.or(connectTimeout, DEFAULT_TIMEOUT_MS);
        writeTimeout = Values.or(writeTimeout, DEFAULT_TIMEOUT_MS);
        readTimeout = Values.or(readTimeout, DEFAULT_TIMEOUT_MS);
        tags = Values.list(tags);
        enabled = Values.or(enabled, Boolean.TRUE);
    }

    /** A service with the given name and url and every other field at its default. */
    public static ServiceDefinition of(String name, String url) {
        return new ServiceDefinition(null, name, url, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A copy with another id. */
    public ServiceDefinition withId(String newId) {
        return new ServiceDefinition(newId, name, url, protocol, host, port, path, retries, connectTimeout,
                writeTimeout, readTimeout, tags, enabled, retry);
    }

    /** The retry policy that applies: the explicit one, or Kong's {@code retries} count with MeshRetry defaults. */
    public RetryPolicy effectiveRetry() {
        return retry != null ? retry
                : new RetryPolicy(retries, null, null, null, null, null, null, null);
    }

    /** The parts of a service {@code url}; all null when there is no url or it does not parse. */
    public record UrlParts(String protocol, String host, Integer port, String path) {

        static final UrlParts NONE = new UrlParts(null, null, null, null);

        /** Splits a url; returns {@link #NONE} when it is absent or not a valid absolute url. */
        public static UrlParts of(String url) {
            if (url == null) {
                return NONE;
            }
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return NONE;
                }
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                Integer port = uri.getPort() >= 0 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? null : uri.getRawPath();
                return new UrlParts(scheme, uri.getHost(), port, path);
            }
            catch (URISyntaxException ex) {
                return NONE;
            }
        }

        /** True when the url was present and parsed. */
        public boolean parsed() {
            return host != null;
        }

    }

}
