package io.gatehouse.platform.oauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * First start of a fresh install, as operators know it from Keycloak: {@code GATEHOUSE_BOOTSTRAP_ADMIN_EMAIL} and
 * {@code _PASSWORD} create the first platform admin, {@code GATEHOUSE_BOOTSTRAP_CLIENT_ID} and {@code _SECRET} a
 * platform-admin client for {@code POST /oauth2/token} (client_credentials). Each only when absent: restarts
 * with the same variables change nothing, and a changed password is never overwritten. Replicas starting together
 * take turns (a transaction-scoped advisory lock), so the second finds what the first created instead of failing
 * on a duplicate. Then it logs where the console is and how to sign in.
 */
@Component
public class Bootstrap {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final Accounts accounts;
    private final SystemAccounts systemAccounts;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;
    private final String adminEmail;
    private final String adminPassword;
    private final String clientId;
    private final String clientSecret;
    private final String publicUrl;

    Bootstrap(Accounts accounts, SystemAccounts systemAccounts, TenantScopes scopes, TransactionTemplate tx, JdbcTemplate jdbc,
            @Value("${gatehouse.bootstrap.admin-email:}") String adminEmail,
            @Value("${gatehouse.bootstrap.admin-password:}") String adminPassword,
            @Value("${gatehouse.bootstrap.client-id:}") String clientId,
            @Value("${gatehouse.bootstrap.client-secret:}") String clientSecret,
            @Value("${gatehouse.public-url}") String publicUrl) {
        this.accounts = accounts;
        this.systemAccounts = systemAccounts;
        this.scopes = scopes;
        this.tx = tx;
        this.jdbc = jdbc;
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.publicUrl = publicUrl;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        run();
        log.info("Gatehouse console: {}/login — sign up at {}/signup{}", publicUrl, publicUrl,
                adminEmail.isBlank() ? "" : ", or sign in as the bootstrap admin " + adminEmail);
    }

    /** Creates what the bootstrap variables ask for and is missing. Safe to call any number of times. */
    public void run() {
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(status -> {
            jdbc.queryForList("select pg_advisory_xact_lock(hashtext('gatehouse.bootstrap'))");
            if (!adminEmail.isBlank() && !adminPassword.isBlank()) {
                if (accounts.findByEmail(adminEmail).isEmpty()) {
                    Account admin = accounts.create(adminEmail, "Platform admin", adminPassword);
                    accounts.grantPlatformRole(admin.getId(), PlatformRole.PLATFORM_ADMIN);
                    log.info("Bootstrap: created the platform admin {}", admin.getEmail());
                }
            }
            if (!clientId.isBlank() && !clientSecret.isBlank()
                    && systemAccounts.registerPlatformClient(clientId, clientSecret, PlatformRole.PLATFORM_ADMIN)) {
                log.info("Bootstrap: registered the platform-admin client {} for POST /oauth2/token", clientId);
            }
        }));
    }
}
