package io.gatehouse.platform.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.identity.IdentityITSupport;

class AuthorizationPurgeIT extends IdentityITSupport {

    @Autowired
    AuthorizationPurge purge;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void recordsOfLongExpiredTokensAreDeletedAndCurrentOnesKept() throws Exception {
        String current = token();
        String expired = token();
        tx.executeWithoutResult(s -> jdbc.update("update oauth2_authorization set access_token_expires_at = now() - interval '2 hours'"
                + " where access_token_value = ?", expired));

        int deleted = purge.purge();

        assertThat(deleted).isPositive();
        assertThat(count(expired)).isZero();
        assertThat(count(current)).isEqualTo(1);
    }

    private String token() throws Exception {
        return body(mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(BOOTSTRAP_CLIENT_ID, BOOTSTRAP_CLIENT_SECRET))).andReturn()).get("access_token").asString();
    }

    private Integer count(String token) {
        return tx.execute(s -> jdbc.queryForObject("select count(*) from oauth2_authorization where access_token_value = ?",
                Integer.class, token));
    }
}
