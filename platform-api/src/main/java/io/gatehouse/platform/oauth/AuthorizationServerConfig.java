package io.gatehouse.platform.oauth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The platform as its own OAuth2 issuer (Spring Authorization Server): clients and authorizations in the
 * database, signing keys shared by all replicas, the issuer fixed to {@code gatehouse.public-url} so that
 * every replica issues tokens with the same {@code iss}, and access tokens for system accounts that carry
 * the organization and roles.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new SigningKeys(jdbc, tx, clock);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${gatehouse.public-url}") String publicUrl) {
        return AuthorizationServerSettings.builder().issuer(publicUrl).build();
    }

    /** Verifies the platform's own JWTs: signature by a stored key, expiry, and our issuer. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, AuthorizationServerSettings settings) {
        NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.getIssuer()));
        return decoder;
    }

    /**
     * Puts the system account's organization, roles and name into its access tokens; a portal application's
     * token gets only the application ({@link ApplicationClients}).
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> systemAccountClaims() {
        return context -> {
            if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                return;
            }
            RegisteredClient client = context.getRegisteredClient();
            var settings = client.getClientSettings();
            if (settings.getSetting(SystemAccountClaims.SETTING_PORTAL_APP) instanceof String app) {
                // A portal application's token is for the organization's gateways: no org, no roles.
                context.getClaims().claim(SystemAccountClaims.APP, app);
                return;
            }
            List<String> roles = new ArrayList<>();
            if (settings.getSetting(SystemAccountClaims.SETTING_ROLE) instanceof String role) {
                roles.add(role);
            }
            if (settings.getSetting(SystemAccountClaims.SETTING_PLATFORM_ROLE) instanceof String platformRole) {
                roles.add(platformRole);
            }
            if (settings.getSetting(SystemAccountClaims.SETTING_ORG) instanceof String org) {
                context.getClaims().claim(SystemAccountClaims.ORG, org);
            }
            context.getClaims().claim(SystemAccountClaims.ROLES, roles);
            context.getClaims().claim(SystemAccountClaims.NAME, client.getClientName());
        };
    }
}
