package io.gatehouse.platform.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.platform.testsupport.IdentityFixtures;

/** Replicas of a fresh install start together with the same bootstrap variables: one creates, the others find. */
class BootstrapIT extends IdentityITSupport {

    @Autowired
    SystemAccounts systemAccounts;
    @Autowired
    TenantScopes scopes;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    @Timeout(60)
    void replicasBootstrappingAtOnceCreateTheAdminAndTheClientOnce() throws Exception {
        String suffix = IdentityFixtures.suffix();
        String email = "first-admin-" + suffix + "@gatehouse.test";
        String clientId = "automation-" + suffix;
        int replicas = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Bootstrap replica = new Bootstrap(accounts, systemAccounts, scopes, tx, jdbc, email, "admin-password-" + suffix,
                        clientId, "client-secret-" + suffix, "http://localhost");
                runs.add(pool.submit(() -> {
                    start.await();
                    replica.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from oauth2_registered_client where client_id = ?", Integer.class, clientId))
                .isOne();
        java.util.Optional<io.gatehouse.platform.identity.Account> admin = scopes.call(
                io.gatehouse.platform.tenancy.TenantScope.platform(), () -> tx.execute(status -> accounts.findByEmail(email)));
        assertThat(admin).isPresent();
    }
}
