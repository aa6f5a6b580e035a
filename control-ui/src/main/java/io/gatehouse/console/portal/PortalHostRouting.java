package io.gatehouse.console.portal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.gatehouse.platform.portal.settings.PortalHosts;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Serves an organization's developer portal on its custom host name (portal settings), at the root of that host.
 *
 * <p>The mapping is one prefix: on a portal host, {@code https://<host>/<path>} is the page
 * {@code /portal/<slug>/<path>} of that organization, and nothing else. The filter runs before every other one
 * (Spring Session, Spring Security, the CSP), so all of them, and the portal's controllers, see the portal path
 * they know; on the way out, every link the pages write ({@code @{/portal/<slug>/…}} goes through
 * {@link HttpServletResponse#encodeURL}, see {@link #portalHostLinks}) and every redirect loses the prefix again. Static files ({@code /css},
 * {@code /js}, {@code /webjars}, {@code /images}, {@code /favicon.ico}) and {@code /error} are served as they are.
 * Everything else of the platform — the console, {@code /login}, the REST API, the authorization server,
 * actuator, another organization's {@code /portal/<slug>} — ends up under this portal's prefix, where nothing
 * answers: a 404. A host that no portal has is left alone, as are requests to the platform's own address.
 */
@Configuration(proxyBeanMethods = false)
class PortalHostRouting {

    /** Request attribute: the slug of the portal whose custom host this request came in on. */
    static final String PORTAL_HOST_SLUG = PortalHostRouting.class.getName() + ".slug";

    private static final List<String> PASS_THROUGH = List.of("/css/", "/js/", "/webjars/", "/images/");

    /**
     * The filter is made while the web server starts, before the database is ready, so it takes the host table
     * lazily, at the first request.
     */
    @Bean
    FilterRegistrationBean<Filter> portalHostFilter(ObjectProvider<PortalHosts> hosts) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new HostFilter(hosts));
        registration.setName("portalHostRouting");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /**
     * The pages' links: Spring Security's {@code DisableEncodeUrlFilter} answers {@code encodeURL} itself (so that no
     * session id ever lands in a URL) and never reaches the wrapper {@link HostFilter} put around the response, so
     * the link mapping is wrapped once more inside the security chain, right before the pages.
     */
    @Bean
    FilterRegistrationBean<Filter> portalHostLinks() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new LinkFilter());
        registration.setName("portalHostLinks");
        registration.setOrder(0);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /** The slug when this request came in on a portal's custom host. */
    static Optional<String> portalHost(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(PORTAL_HOST_SLUG));
    }

    /**
     * An address a visitor sent back (the {@code next} after sign-in) as the page path the controllers know: on a
     * portal host {@code /apps} is {@code /portal/<slug>/apps}; elsewhere it is returned unchanged.
     */
    static String internalPath(HttpServletRequest request, String path) {
        Optional<String> slug = portalHost(request);
        if (slug.isEmpty() || path == null || !path.startsWith("/") || path.startsWith("//")) {
            return path;
        }
        return "/portal/" + slug.get() + (path.equals("/") ? "" : path);
    }

    /** A page path as the visitor's browser knows it: without {@code /portal/<slug>} on a portal host. */
    static String externalPath(HttpServletRequest request, String path) {
        Optional<String> slug = portalHost(request);
        return slug.isEmpty() ? path : ExternalLinks.external(request.getContextPath() + "/portal/" + slug.get(), path);
    }

    static final class HostFilter implements Filter {

        private final ObjectProvider<PortalHosts> hosts;

        HostFilter(ObjectProvider<PortalHosts> hosts) {
            this.hosts = hosts;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            Optional<String> slug = hosts.getObject().slugFor(request.getServerName());
            if (slug.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            String contextPath = request.getContextPath();
            String prefix = contextPath + "/portal/" + slug.get();
            request.setAttribute(PORTAL_HOST_SLUG, slug.get());
            HttpServletResponse mapped = new ExternalLinks(response, prefix);
            String path = request.getRequestURI().substring(contextPath.length());
            if (request.getDispatcherType() == DispatcherType.ERROR || passesThrough(path)) {
                chain.doFilter(request, mapped);
                return;
            }
            chain.doFilter(new PortalPath(request, prefix, path.equals("/") ? "" : path), mapped);
        }

        private static boolean passesThrough(String path) {
            return path.equals("/error") || path.equals("/favicon.ico") || PASS_THROUGH.stream().anyMatch(path::startsWith);
        }
    }

    static final class LinkFilter implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            Optional<String> slug = portalHost(request);
            chain.doFilter(request, slug.isEmpty() ? res
                    : new ExternalLinks((HttpServletResponse) res, request.getContextPath() + "/portal/" + slug.get()));
        }
    }

    /** The request as the portal's page: {@code /apps} reads as {@code /portal/<slug>/apps}. */
    static final class PortalPath extends HttpServletRequestWrapper {

        private final String requestUri;
        private final String servletPath;

        PortalPath(HttpServletRequest request, String prefix, String path) {
            super(request);
            this.requestUri = prefix + path;
            String original = request.getServletPath();
            this.servletPath = prefix.substring(request.getContextPath().length())
                    + (original == null || original.equals("/") ? "" : original);
        }

        @Override
        public String getRequestURI() {
            return requestUri;
        }

        @Override
        public String getServletPath() {
            return servletPath;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer();
            url.append(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (port > 0 && !(port == 80 && "http".equals(getScheme())) && !(port == 443 && "https".equals(getScheme()))) {
                url.append(':').append(port);
            }
            return url.append(requestUri);
        }
    }

    /** Links and redirects of the portal's pages without the {@code /portal/<slug>} prefix. */
    static final class ExternalLinks extends HttpServletResponseWrapper {

        private final String prefix;

        ExternalLinks(HttpServletResponse response, String prefix) {
            super(response);
            this.prefix = prefix;
        }

        String external(String url) {
            return external(prefix, url);
        }

        static String external(String prefix, String url) {
            if (url == null || !url.startsWith(prefix)) {
                return url;
            }
            String rest = url.substring(prefix.length());
            if (rest.isEmpty()) {
                return "/";
            }
            char next = rest.charAt(0);
            if (next == '/') {
                return rest;
            }
            if (next == '?' || next == '#') {
                return "/" + rest;
            }
            return url; // /portal/<slug>xyz is another page, not this portal's
        }

        @Override
        public String encodeURL(String url) {
            return super.encodeURL(external(url));
        }

        @Override
        public String encodeRedirectURL(String url) {
            return super.encodeRedirectURL(external(url));
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            super.sendRedirect(external(location));
        }

        @Override
        public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
            super.sendRedirect(external(location), sc, clearBuffer);
        }
    }
}
