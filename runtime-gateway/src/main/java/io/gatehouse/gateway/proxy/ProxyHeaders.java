package io.gatehouse.gateway.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header hygiene between client and upstream: hop-by-hop headers (RFC 9110 §7.6.1, plus any named in
 * {@code Connection}) never cross the proxy, and the upstream learns who asked through
 * {@code X-Forwarded-*}, {@code X-Real-IP} and {@code Via}.
 */
public final class ProxyHeaders {

    /** The gateway's {@code Via} entry. */
    public static final String VIA = "1.1 gatehouse";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "http2-settings");

    private ProxyHeaders() {
    }

    /** Headers minus hop-by-hop ones and those the Connection header names. */
    public static HttpHeaders endToEnd(HttpHeaders source) {
        Set<String> named = Set.of();
        String connection = source.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            named = new java.util.HashSet<>();
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        HttpHeaders out = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : source) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !named.contains(name) && !name.startsWith(":")) {
                out.add(header.getKey(), header.getValue());
            }
        }
        return out;
    }

    /**
     * The headers to send upstream.
     *
     * @param client       the client's headers
     * @param clientIp     the client's address
     * @param scheme       {@code http} or {@code https} as the client used
     * @param serverPort   the port the client connected to
     * @param originalPath the path the client asked for
     * @param hostHeader   the Host to send (the client's with preserve_host, else the target's)
     */
    public static HttpHeaders toUpstream(HttpHeaders client, String clientIp, String scheme, int serverPort,
            String originalPath, String hostHeader) {
        HttpHeaders out = endToEnd(client);
        String clientHost = client.get(HttpHeaderNames.HOST);
        String priorFor = client.get("X-Forwarded-For");
        out.set("X-Forwarded-For", priorFor == null || priorFor.isBlank() ? clientIp : priorFor + ", " + clientIp);
        out.set("X-Forwarded-Proto", scheme);
        out.set("X-Forwarded-Host", clientHost == null ? "" : stripPort(clientHost));
        out.set("X-Forwarded-Port", String.valueOf(serverPort));
        out.set("X-Forwarded-Path", originalPath);
        out.set("X-Real-IP", clientIp);
        String via = client.get(HttpHeaderNames.VIA);
        out.set(HttpHeaderNames.VIA, via == null ? VIA : via + ", " + VIA);
        out.set(HttpHeaderNames.HOST, hostHeader);
        return out;
    }

    /** The headers to send the client from an upstream response. */
    public static HttpHeaders toClient(HttpHeaders upstream) {
        HttpHeaders out = endToEnd(upstream);
        String via = upstream.get(HttpHeaderNames.VIA);
        out.set(HttpHeaderNames.VIA, via == null ? VIA : via + ", " + VIA);
        return out;
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }
}
