package io.gatehouse.gateway.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * Header hygiene between client and upstream: hop-by-hop headers (RFC 9110 §7.6.1, plus any named in
 * {@code Connection}) never cross the proxy, and the upstream learns who asked through
 * {@code X-Forwarded-*}, {@code X-Real-IP} and {@code Via}.
 */
public final class ProxyHeaders {

    /** The gateway's {@code Via} entry. */
    public static final String VIA = "1.1 gatehouse";

    private static final String[] HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "http2-settings"};

    private ProxyHeaders() {
    }

    /**
     * Headers minus hop-by-hop ones and those the Connection header names. Runs twice per proxied request, so it
     * compares names case-insensitively in place instead of lower-casing a copy of each.
     */
    public static HttpHeaders endToEnd(HttpHeaders source) {
        return endToEnd(source, new DefaultHttpHeaders(false));
    }

    /** Adds the end-to-end headers of {@code source} to {@code out}; returns {@code out}. */
    private static HttpHeaders endToEnd(HttpHeaders source, HttpHeaders out) {
        String[] named = null;
        String connection = source.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            named = connection.split(",");
            for (int i = 0; i < named.length; i++) {
                named[i] = named[i].trim();
            }
        }
        java.util.Iterator<Map.Entry<CharSequence, CharSequence>> headers = source.iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            CharSequence name = header.getKey();
            if (!isHopByHop(name) && !among(name, named) && (name.length() == 0 || name.charAt(0) != ':')) {
                out.add(name, header.getValue());
            }
        }
        return out;
    }

    private static boolean isHopByHop(CharSequence name) {
        return among(name, HOP_BY_HOP);
    }

    private static boolean among(CharSequence name, String[] names) {
        if (names == null) {
            return false;
        }
        for (String candidate : names) {
            if (candidate.length() == name.length() && AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                return true;
            }
        }
        return false;
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
        return toClient(upstream, new DefaultHttpHeaders(false));
    }

    /**
     * Writes the headers to send the client from an upstream response into {@code out} — the response's own
     * headers on the proxy path, so they are not built in one object and then copied into another.
     */
    public static HttpHeaders toClient(HttpHeaders upstream, HttpHeaders out) {
        endToEnd(upstream, out);
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
