package io.gatehouse.platform.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Console sessions in PostgreSQL (Spring Session JDBC, tables from migration V2), so that any replica serves
 * any signed-in user. The cookie is HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS or
 * {@code GATEHOUSE_SECURE_COOKIES=true} (behind a TLS-terminating proxy without forwarded headers).
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcHttpSession(maxInactiveIntervalInSeconds = 8 * 3600)
class SessionConfig {

    static final String COOKIE_NAME = "GATEHOUSE_SESSION";

    @Bean
    CookieSerializer cookieSerializer(@Value("${server.servlet.session.cookie.secure:false}") boolean alwaysSecure) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(COOKIE_NAME);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setCookiePath("/");
        if (alwaysSecure) {
            cookie.setUseSecureCookie(true);
        }
        return cookie;
    }
}
