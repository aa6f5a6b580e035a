package io.gatehouse.platform.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.gatehouse.platform.shared.crypto.SecretTokens;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * OAuth2 clients of developer-portal applications, registered with the platform's authorization server: grant
 * {@code client_credentials} only, secret stored hashed (bcrypt) and returned once. Their access tokens are RS256
 * JWTs signed with the platform's key, whose {@code sub} is the client id and whose {@code app} claim names the
 * application; they carry no organization or role, so the platform's own API refuses them — they are meant for
 * the organization's gateways, which verify them with {@link #signingKeyPem()} (the jwt plugin).
 *
 * <p>Callers run in their own transaction; this class writes Spring Authorization Server's tables only.
 */
@Service
public class ApplicationClients {

    /** How long an application's access token lives. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** Every application client id starts with this. */
    public static final String CLIENT_ID_PREFIX = "app-";
    /** Every application client secret starts with this. */
    public static final String SECRET_PREFIX = "gh_cs_";
    private static final int SECRET_LENGTH = 48;

    /** A newly registered client with its secret in clear (shown once). */
    public record IssuedClient(String clientId, String secret) {

        @Override
        public String toString() {
            return "IssuedClient[clientId=" + clientId + ", secret=****]";
        }
    }

    private final RegisteredClientRepository clients;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final JWKSource<SecurityContext> keys;
    private final Clock clock;

    ApplicationClients(RegisteredClientRepository clients, JdbcTemplate jdbc, PasswordEncoder passwords,
            JWKSource<SecurityContext> keys, Clock clock) {
        this.clients = clients;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.keys = keys;
        this.clock = clock;
    }

    /** Registers a client for the application; {@code name} is its display name on the authorization server. */
    public IssuedClient register(OrgId org, UUID applicationId, String name) {
        String clientId = CLIENT_ID_PREFIX + SecretTokens.generate("", 24).toLowerCase(Locale.ROOT);
        String secret = SecretTokens.generate(SECRET_PREFIX, SECRET_LENGTH);
        clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientIdIssuedAt(clock.instant())
                .clientSecret(passwords.encode(secret))
                .clientName(name)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientSettings(ClientSettings.builder().requireProofKey(false).requireAuthorizationConsent(false)
                        .setting(SystemAccountClaims.SETTING_PORTAL_APP, applicationId.toString())
                        .setting(SystemAccountClaims.SETTING_PORTAL_ORG, org.toString())
                        .build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_LIFETIME).build())
                .build());
        return new IssuedClient(clientId, secret);
    }

    /** Gives the client a new secret: the old one stops at once; tokens already issued live until they expire. */
    public String rotateSecret(String clientId) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null) {
            throw new NotFoundException("OAuth2 client", clientId);
        }
        String secret = SecretTokens.generate(SECRET_PREFIX, SECRET_LENGTH);
        clients.save(RegisteredClient.from(client).clientSecret(passwords.encode(secret)).build());
        return secret;
    }

    /** Removes the client and its authorizations: the token endpoint refuses it from now on. */
    public void remove(String clientId) {
        jdbc.update("delete from oauth2_authorization where registered_client_id in"
                + " (select id from oauth2_registered_client where client_id = ?)", clientId);
        jdbc.update("delete from oauth2_registered_client where client_id = ?", clientId);
    }

    /** Whether the authorization server knows the client. */
    public boolean exists(String clientId) {
        return clients.findByClientId(clientId) != null;
    }

    /**
     * The public half of the key the platform signs tokens with now, as a PEM {@code PUBLIC KEY} (what the
     * gateway's jwt credential takes as {@code rsa_public_key}).
     */
    public String signingKeyPem() {
        try {
            List<JWK> found = keys.get(new JWKSelector(new JWKMatcher.Builder().keyType(KeyType.RSA).build()), null);
            if (found.isEmpty()) {
                throw new IllegalStateException("the platform has no RSA signing key");
            }
            byte[] encoded = ((RSAKey) found.get(0)).toRSAPublicKey().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] { (byte) 10 }).encodeToString(encoded)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException("the platform's signing key cannot be read", e);
        }
    }
}
