package io.gatehouse.platform.oauth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.jobs.ClusterJobs;

/**
 * Deletes the authorization server's records of access tokens that expired more than an hour ago; every
 * client_credentials grant writes one. Hourly, once per cluster ({@link ClusterJobs}).
 */
@Component
class AuthorizationPurge {

    static final Duration GRACE = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ClusterJobs jobs;

    AuthorizationPurge(JdbcTemplate jdbc, Clock clock, ClusterJobs jobs) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.jobs = jobs;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void scheduled() {
        jobs.runOnce("oauth-authorization-purge", Duration.ofHours(1), () -> purge() + " expired authorizations deleted");
    }

    @Transactional
    public int purge() {
        return jdbc.update("delete from oauth2_authorization where access_token_expires_at < ?"
                + " and refresh_token_value is null", Timestamp.from(clock.instant().minus(GRACE)));
    }
}
