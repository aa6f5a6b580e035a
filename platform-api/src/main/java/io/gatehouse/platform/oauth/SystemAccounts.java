package io.gatehouse.platform.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.crypto.SecretTokens;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * System accounts: an organization's machine identities. Each is an OAuth2 client of the platform's
 * authorization server (grant {@code client_credentials}, secret stored hashed) whose access tokens carry the
 * organization and the account's role. Run in the organization's tenant scope.
 */
@Service
public class SystemAccounts {

    /** How long a system account's access token lives. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final int SECRET_LENGTH = 48;

    private final SystemAccountRepository accounts;
    private final RegisteredClientRepository clients;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;

    SystemAccounts(SystemAccountRepository accounts, RegisteredClientRepository clients, JdbcTemplate jdbc,
            PasswordEncoder passwords, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.clients = clients;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a system account in the organization; the secret in the result is never shown again. */
    @Transactional
    public CreatedSystemAccount create(OrgId org, String name, OrgRole role) {
        String clientId = "sa-" + SecretTokens.generate("", 20).toLowerCase(Locale.ROOT);
        String secret = SecretTokens.generate("gh_sas_", SECRET_LENGTH);
        clients.save(client(clientId, name.strip(), secret,
                Map.of(SystemAccountClaims.SETTING_ORG, org.toString(), SystemAccountClaims.SETTING_ROLE, role.name())));
        SystemAccountEntity account = accounts.saveAndFlush(new SystemAccountEntity(org, clientId, name.strip(), role,
                clock.instant(), AuditLog.currentActor().name()));
        audit.record("create", "system_account", account.toRecord().id(), account.snapshot());
        return new CreatedSystemAccount(account.toRecord(), secret);
    }

    @Transactional(readOnly = true)
    public List<SystemAccount> list(OrgId org) {
        return accounts.findByOrgIdOrderByCreatedAt(org.value()).stream().map(SystemAccountEntity::toRecord).toList();
    }

    @Transactional(readOnly = true)
    public SystemAccount get(OrgId org, UUID id) {
        return find(org, id).toRecord();
    }

    /** Deletes the account and its client: its tokens stop working at once. */
    @Transactional
    public void delete(OrgId org, UUID id) {
        SystemAccountEntity account = find(org, id);
        accounts.delete(account);
        accounts.flush();
        jdbc.update("delete from oauth2_authorization where registered_client_id in"
                + " (select id from oauth2_registered_client where client_id = ?)", account.clientId());
        jdbc.update("delete from oauth2_registered_client where client_id = ?", account.clientId());
        audit.record("delete", "system_account", id, account.snapshot());
    }

    /**
     * Registers a platform-level client with a staff role (the bootstrap client), unless one with this client id
     * exists. Returns whether it was created.
     */
    @Transactional
    public boolean registerPlatformClient(String clientId, String secret, PlatformRole role) {
        if (clients.findByClientId(clientId) != null) {
            return false;
        }
        clients.save(client(clientId, clientId, secret, Map.of(SystemAccountClaims.SETTING_PLATFORM_ROLE, role.name())));
        audit.record(null, AuditLog.currentActor(), "create", "platform_client", clientId, Map.of("role", role));
        return true;
    }

    private RegisteredClient client(String clientId, String name, String secret, Map<String, String> settings) {
        ClientSettings.Builder clientSettings = ClientSettings.builder().requireProofKey(false)
                .requireAuthorizationConsent(false);
        settings.forEach(clientSettings::setting);
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientIdIssuedAt(clock.instant())
                .clientSecret(passwords.encode(secret))
                .clientName(name)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("api")
                .clientSettings(clientSettings.build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_LIFETIME).build())
                .build();
    }

    private SystemAccountEntity find(OrgId org, UUID id) {
        return accounts.findById(id).filter(a -> a.toRecord().org().equals(org))
                .orElseThrow(() -> new NotFoundException("system account", id));
    }
}
