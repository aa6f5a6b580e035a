package io.gatehouse.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.identity.OrgRole;

/**
 * Prometheus scrapes {@code /actuator/prometheus} with a bearer token: a platform admin's (the bootstrap
 * system account) gets the metrics, an organization's token is refused, and no token is a 401.
 */
class MetricsScrapeIT extends IdentityITSupport {

    @Test
    void aPlatformAdminsTokenScrapesTheMetrics() throws Exception {
        String token = body(mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(BOOTSTRAP_CLIENT_ID, BOOTSTRAP_CLIENT_SECRET))).andReturn()).get("access_token").asString();

        String metrics = mvc.perform(bearer(get("/actuator/prometheus"), token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void anOrganizationsTokenIsRefusedAndNoTokenIsUnauthorized() throws Exception {
        TestUser user = signUp();

        mvc.perform(bearer(get("/actuator/prometheus"), pat(user, user.org(), OrgRole.ADMIN)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
    }
}
