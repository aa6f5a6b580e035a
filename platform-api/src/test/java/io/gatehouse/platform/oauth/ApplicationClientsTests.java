package io.gatehouse.platform.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * The pieces of an application's OAuth2 client without a database: what it is registered with, the claims its
 * tokens get, that such a token is never a caller of the platform's API, and the public key the gateways get.
 */
class ApplicationClientsTests {

    final Clock clock = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
    final RSAKey key = rsaKey();
    final JWKSource<SecurityContext> keys = (selector, context) -> selector.select(new JWKSet(key));
    final RegisteredClientRepository repository = new InMemoryRegisteredClientRepository(placeholder());
    @SuppressWarnings("deprecation")
    final ApplicationClients clients = new ApplicationClients(repository, null, NoOpPasswordEncoder.getInstance(), keys,
            clock);

    @Test
    void aClientHasOnlyTheClientCredentialsGrantAndASecretShownOnce() {
        UUID app = UUID.randomUUID();
        ApplicationClients.IssuedClient issued = clients.register(OrgId.of(UUID.randomUUID().toString()), app, "Robot");

        RegisteredClient client = repository.findByClientId(issued.clientId());
        assertThat(issued.clientId()).matches("app-[a-z0-9]{24}");
        assertThat(issued.secret()).matches("gh_cs_[A-Za-z0-9]{48}");
        assertThat(issued.toString()).doesNotContain(issued.secret());
        assertThat(client.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
        assertThat(client.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(ApplicationClients.TOKEN_LIFETIME);
        assertThat((String) client.getClientSettings().getSetting(SystemAccountClaims.SETTING_PORTAL_APP))
                .isEqualTo(app.toString());

        String rotated = clients.rotateSecret(issued.clientId());
        assertThat(rotated).isNotEqualTo(issued.secret());
        assertThat(repository.findByClientId(issued.clientId()).getClientSecret()).isEqualTo(rotated);
    }

    @Test
    void anApplicationsTokenNamesTheApplicationButNoOrganizationOrRole() {
        UUID app = UUID.randomUUID();
        RegisteredClient client = repository.findByClientId(
                clients.register(OrgId.of(UUID.randomUUID().toString()), app, "Robot").clientId());
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(client.getClientId());
        new AuthorizationServerConfig().systemAccountClaims().customize(JwtEncodingContext
                .with(JwsHeader.with(SignatureAlgorithm.RS256), claims).registeredClient(client)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenType(OAuth2TokenType.ACCESS_TOKEN).build());
        JwtClaimsSet built = claims.build();

        assertThat(built.getClaims()).containsEntry(SystemAccountClaims.APP, app.toString())
                .doesNotContainKeys(SystemAccountClaims.ORG, SystemAccountClaims.ROLES);
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").claims(c -> c.putAll(built.getClaims())).build();
        assertThat(new SystemAccountTokens(repository).caller(jwt)).as("never a caller of the platform's API").isEmpty();
    }

    @Test
    void theGatewaysGetThePlatformsPublicSigningKeyAsPem() throws Exception {
        String pem = clients.signingKeyPem();

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(pem).doesNotContain(Base64.getEncoder().encodeToString(key.toRSAPrivateKey().getEncoded()));
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        RSAPublicKey decoded = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        assertThat(decoded).isEqualTo(key.toRSAPublicKey());
        assertThat(List.of(pem.split("\n"))).allMatch(line -> line.length() <= 64);
    }

    private static RSAKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID("k1").build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RegisteredClient placeholder() {
        return RegisteredClient.withId("placeholder").clientId("placeholder").clientSecret("x")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build();
    }
}
