package io.gatehouse.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.jobs.ClusterJobs;

/**
 * Prometheus scrapes {@code /actuator/prometheus} with a bearer token: a platform admin's (the bootstrap
 * system account) gets the metrics, an organization's token is refused, and no token is a 401. The control plane's
 * timings are histograms there (API latency, config push latency, traffic ingest, scheduled jobs such as the SLA
 * scan), so Prometheus can compute their percentiles.
 */
class MetricsScrapeIT extends IdentityITSupport {

    @Autowired
    ClusterJobs jobs;

    @Test
    void aPlatformAdminsTokenScrapesTheMetrics() throws Exception {
        String token = body(mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(BOOTSTRAP_CLIENT_ID, BOOTSTRAP_CLIENT_SECRET))).andReturn()).get("access_token").asString();

        String metrics = mvc.perform(bearer(get("/actuator/prometheus"), token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void apiLatencySyncSessionsPushLatencyIngestAndJobDurationsAreExported() throws Exception {
        String token = body(mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(BOOTSTRAP_CLIENT_ID, BOOTSTRAP_CLIENT_SECRET))).andReturn()).get("access_token").asString();
        String job = "metrics-scrape-" + System.nanoTime();
        jobs.runOnce(job, Duration.ofMinutes(1), () -> "ran");

        mvc.perform(bearer(get("/actuator/prometheus"), token)).andExpect(status().isOk());
        String metrics = mvc.perform(bearer(get("/actuator/prometheus"), token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(metrics)
                .as("request latency as a histogram (the first scrape is one such request)")
                .containsPattern("(?m)^http_server_requests_seconds_bucket\\{[^}]*uri=\"/actuator/prometheus\"")
                .containsPattern("(?m)^gatehouse_sync_sessions[{ ]")
                .containsPattern("(?m)^gatehouse_sync_push_latency_seconds_bucket\\{")
                .containsPattern("(?m)^gatehouse_analytics_ingest_duration_seconds_bucket\\{")
                .as("scheduled job durations (the SLA scan is job sla-scan) as a histogram")
                .containsPattern("(?m)^gatehouse_jobs_duration_seconds_bucket\\{[^}]*job=\"" + job + "\"");
    }

    @Test
    void anOrganizationsTokenIsRefusedAndNoTokenIsUnauthorized() throws Exception {
        TestUser user = signUp();

        mvc.perform(bearer(get("/actuator/prometheus"), pat(user, user.org(), OrgRole.ADMIN)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
    }
}
