package io.gatehouse.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.identity.OrgRole;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Several replicas (here: several {@link ClusterJobs} with their own names, each on its own thread and
 * connection, over the one database) scheduling the same job: each slot runs exactly once.
 */
class ClusterJobsIT extends IdentityITSupport {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    @Timeout(60)
    void replicasRacingForTheSameSlotRunTheJobOnce() throws Exception {
        String job = "race-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-22T10:00:30Z");
        AtomicInteger runs = new AtomicInteger();
        int replicas = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<Optional<String>>> outcomes = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                ClusterJobs replica = replica("replica-" + i, at);
                Callable<Optional<String>> tick = () -> {
                    start.await();
                    return replica.runOnce(job, MINUTE, () -> "run " + runs.incrementAndGet());
                };
                outcomes.add(pool.submit(tick));
            }
            start.countDown();
            long ran = 0;
            for (Future<Optional<String>> outcome : outcomes) {
                ran += outcome.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(ran).isOne();
            assertThat(runs).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
        List<JobRun> history = replica("reader", at).history(Optional.of(job), 10);
        assertThat(history).singleElement().satisfies(run -> {
            assertThat(run.slot()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
            assertThat(run.outcome()).isEqualTo(JobRun.Outcome.SUCCEEDED);
            assertThat(run.detail()).isEqualTo("run 1");
            assertThat(run.replica()).startsWith("replica-");
        });
    }

    @Test
    void eachSlotRunsOnceWhateverReplicaTicksInIt() {
        String job = "slots-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        Instant minute = Instant.parse("2026-11-22T11:00:00Z");
        // A ticks early in each minute and B late, as two replicas started at different times do.
        for (int i = 0; i < 3; i++) {
            Instant slot = minute.plus(MINUTE.multipliedBy(i));
            assertThat(replica("a", slot.plusSeconds(5)).runOnce(job, MINUTE, () -> "a" + runs.incrementAndGet())).isPresent();
            assertThat(replica("b", slot.plusSeconds(35)).runOnce(job, MINUTE, () -> "b" + runs.incrementAndGet())).isEmpty();
        }
        assertThat(runs).hasValue(3);
        assertThat(replica("a", minute).history(Optional.of(job), 10)).extracting(JobRun::replica).containsExactly("a", "a", "a");
    }

    @Test
    void aFailedRunIsRecordedAndTheNextSlotRunsAgain() {
        String job = "failing-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-22T12:00:10Z");
        ClusterJobs replica = replica("a", at);

        assertThat(replica.runOnce(job, MINUTE, () -> {
            throw new IllegalStateException("mail server refused");
        })).isEmpty();
        assertThat(replica.history(Optional.of(job), 10)).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(JobRun.Outcome.FAILED);
            assertThat(run.detail()).isEqualTo("IllegalStateException: mail server refused");
            assertThat(run.finishedAt()).isEqualTo(at);
        });
        assertThat(replica("b", at.plus(MINUTE)).runOnce(job, MINUTE, () -> "caught up")).contains("caught up");
    }

    @Test
    void theHistoryKeepsAWeek() {
        String job = "history-" + UUID.randomUUID();
        Instant old = Instant.parse("2026-11-01T00:00:00Z");
        replica("a", old).runOnce(job, MINUTE, () -> "old");
        replica("a", old.plus(Duration.ofDays(8))).runOnce(job, MINUTE, () -> "new");

        assertThat(replica("a", old).history(Optional.of(job), 10)).extracting(JobRun::detail).containsExactly("new");
    }

    @Test
    void platformAdminsReadTheHistoryOthersAreRefused() throws Exception {
        String job = "api-" + UUID.randomUUID();
        replica("replica-x", Instant.parse("2026-11-22T13:00:00Z")).runOnce(job, MINUTE, () -> "3 alerts");
        String admin = body(mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(BOOTSTRAP_CLIENT_ID, BOOTSTRAP_CLIENT_SECRET))).andReturn()).get("access_token").asString();

        mvc.perform(bearer(get("/api/v1/platform/jobs").param("job", job), admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].job").value(job))
                .andExpect(jsonPath("$.data[0].replica").value("replica-x"))
                .andExpect(jsonPath("$.data[0].slot").value("2026-11-22T13:00:00Z"))
                .andExpect(jsonPath("$.data[0].outcome").value("SUCCEEDED"))
                .andExpect(jsonPath("$.data[0].detail").value("3 alerts"));
        mvc.perform(bearer(get("/api/v1/platform/jobs").param("size", "0"), admin))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));

        TestUser user = signUp();
        mvc.perform(bearer(get("/api/v1/platform/jobs"), pat(user, user.org(), OrgRole.ADMIN)))
                .andExpect(status().isForbidden());
    }

    private ClusterJobs replica(String name, Instant now) {
        return new ClusterJobs(jdbc, Clock.fixed(now, ZoneOffset.UTC), name, new SimpleMeterRegistry());
    }
}
