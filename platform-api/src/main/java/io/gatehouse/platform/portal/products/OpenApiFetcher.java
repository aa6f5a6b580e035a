package io.gatehouse.platform.portal.products;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.portal.PortalProperties;
import io.gatehouse.platform.shared.errors.InvalidInputException;

/**
 * Fetches an OpenAPI document from a URL for a product version: http(s) only, no redirects, a connect and a
 * whole-request timeout, a size limit, and, unless {@code gatehouse.portal.fetch.allow-private-addresses} is on,
 * no request to loopback, private, link-local, carrier-grade NAT, unique-local or multicast addresses (every
 * address the host resolves to is checked, so a name cannot point into the platform's own network).
 */
@Component
class OpenApiFetcher {

    private final PortalProperties.Fetch settings;
    private final HttpClient http;

    OpenApiFetcher(PortalProperties properties) {
        this.settings = properties.fetch();
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The document's text; a 400 on the {@code url} field when it cannot or may not be fetched. */
    String fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw refused("is not a valid URL.");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw refused("must be an absolute http:// or https:// URL.");
        }
        if (!settings.allowPrivateAddresses()) {
            checkPublic(uri.getHost());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json, application/yaml, text/yaml, */*").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 == 3) {
                    throw refused("answered with a redirect (" + response.statusCode() + "); give the final URL.");
                }
                if (response.statusCode() != 200) {
                    throw refused("answered with HTTP " + response.statusCode() + ".");
                }
                long max = settings.maxSize().toBytes();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int read;
                while ((read = body.read(buffer)) != -1) {
                    out.write(buffer, 0, read);
                    if (out.size() > max) {
                        throw refused("returned more than " + settings.maxSize().toKilobytes() + " KB.");
                    }
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        } catch (HttpTimeoutException e) {
            throw refused("did not answer within " + settings.timeout().toSeconds() + " seconds.");
        } catch (IOException e) {
            throw refused("could not be fetched: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("could not be fetched: interrupted.");
        }
    }

    private static void checkPublic(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw refused("names a host that does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw refused("points to an internal address (" + address.getHostAddress()
                        + "); only public addresses may be fetched.");
            }
        }
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 || first == 198 && (second == 18 || second == 19)
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        return false;
    }

    private static InvalidInputException refused(String message) {
        return InvalidInputException.field("url", "The URL " + message);
    }
}
