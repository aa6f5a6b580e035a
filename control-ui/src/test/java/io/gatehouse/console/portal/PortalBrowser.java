package io.gatehouse.console.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import jakarta.servlet.http.Cookie;

/**
 * One developer's browser on the portal pages, request by request through MockMvc: it keeps the cookies (the
 * session is Spring Session's {@code SESSION} cookie) and, for a portal on a custom host name, sends every request
 * to that host. Cookies are not scoped by host here, so a test can carry them elsewhere with {@link #on}.
 */
final class PortalBrowser {

    private final MockMvc mvc;
    private final String host;
    private final Map<String, Cookie> cookies;

    /** A browser on the application's own host. */
    PortalBrowser(MockMvc mvc) {
        this(mvc, null, new LinkedHashMap<>());
    }

    /** A browser on {@code host}. */
    PortalBrowser(MockMvc mvc, String host) {
        this(mvc, host, new LinkedHashMap<>());
    }

    private PortalBrowser(MockMvc mvc, String host, Map<String, Cookie> cookies) {
        this.mvc = mvc;
        this.host = host;
        this.cookies = cookies;
    }

    /** The same cookies, sent to another host. */
    PortalBrowser on(String otherHost) {
        return new PortalBrowser(mvc, otherHost, cookies);
    }

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        if (host != null) {
            request.with(r -> {
                r.setServerName(host);
                r.addHeader("Host", host);
                return r;
            });
        }
        if (!cookies.isEmpty()) {
            request.cookie(cookies.values().toArray(Cookie[]::new));
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        for (Cookie cookie : response.getCookies()) {
            if (cookie.getMaxAge() == 0) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie);
            }
        }
        return response;
    }

    /** The scripts and styles a product page loads from the application (Swagger UI's bundle among them). */
    static List<String> scriptsAndStyles(String html) {
        List<String> assets = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?:src|href)=\"(/(?:webjars|js|css)/[^\"]+)\"").matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).anyMatch(asset -> asset.contains("swagger-ui-bundle.js"));
        return assets;
    }
}
