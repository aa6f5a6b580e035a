package io.gatehouse.platform.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Runs scheduled work once per cluster, however many control-plane replicas schedule it.
 *
 * <pre>
 * every replica, on its own schedule:
 *   slot = now rounded down to the job's period (epoch-aligned, so every replica computes the same slots)
 *   INSERT INTO platform_job_run (job, slot, replica, RUNNING) ON CONFLICT DO NOTHING   -- autocommit
 *     0 rows: another replica has this slot → skipped
 *     1 row:  run the work → UPDATE outcome SUCCEEDED (its one-line summary) or FAILED (the error)
 * </pre>
 *
 * The claim commits before the work starts, so a slow run never holds a lock or a connection that other
 * replicas wait on; a replica that dies mid-run leaves its slot RUNNING and the next slot (on any replica)
 * runs the job again, which is why jobs are written as set-based catch-up work ("everything due by now"),
 * never "the work of this slot only". An advisory lock alone would not do: two replicas ticking 30 s apart
 * would each take it in turn and run the job twice a period.
 *
 * <p>Runs are kept {@link #HISTORY} for operators ({@code GET /api/v1/platform/jobs}); each replica counts its
 * runs, skips and failures in the {@code gatehouse.jobs.runs} meter, tagged by job and outcome.
 */
@Component
public class ClusterJobs {

    /** How long finished runs stay in the history. */
    static final Duration HISTORY = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);
    private static final int DETAIL_LIMIT = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String replica;
    private final MeterRegistry meters;

    ClusterJobs(JdbcTemplate jdbcTemplate, Clock clock, @Value("${gatehouse.replica-name:}") String replicaName,
            MeterRegistry meters) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.clock = clock;
        this.replica = replicaName.isBlank() ? hostAndPid() : replicaName.strip();
        this.meters = meters;
    }

    /**
     * Runs {@code work} unless another replica already ran (or is running) this job's current slot of
     * {@code period}. The work returns a one-line summary kept in the history. Failures are logged and
     * recorded, not thrown: the next slot runs the job again.
     *
     * @return the summary when this replica ran the work successfully; empty when it skipped or failed
     */
    public Optional<String> runOnce(String job, Duration period, Supplier<String> work) {
        Instant now = clock.instant();
        Instant slot = slotOf(now, period);
        int claimed = jdbc.sql("""
                insert into platform_job_run (job, slot, replica, started_at, outcome)
                values (:job, :slot, :replica, :now, 'RUNNING')
                on conflict (job, slot) do nothing
                """)
                .param("job", job).param("slot", Timestamp.from(slot)).param("replica", replica)
                .param("now", Timestamp.from(now))
                .update();
        if (claimed == 0) {
            count(job, "skipped");
            return Optional.empty();
        }
        Timer.Sample started = Timer.start(meters);
        String outcome = "SUCCEEDED";
        String detail;
        try {
            detail = work.get();
        } catch (RuntimeException e) {
            outcome = "FAILED";
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("Scheduled job {} failed on {} (slot {}); the next slot runs it again", job, replica, slot, e);
        }
        started.stop(Timer.builder("gatehouse.jobs.duration").description("How long a scheduled job's run took")
                .tag("job", job).register(meters));
        finish(job, slot, outcome, detail);
        count(job, outcome.equals("SUCCEEDED") ? "ran" : "failed");
        return outcome.equals("SUCCEEDED") ? Optional.ofNullable(detail) : Optional.empty();
    }

    /** The most recent runs of every job (or of one job), newest first. */
    public List<JobRun> history(Optional<String> job, int limit) {
        return jdbc.sql("""
                select job, slot, replica, started_at, finished_at, outcome, detail from platform_job_run
                where (cast(:job as varchar) is null or job = :job)
                order by started_at desc, job limit :limit
                """)
                .param("job", job.orElse(null)).param("limit", limit)
                .query((rs, n) -> new JobRun(rs.getString("job"), rs.getTimestamp("slot").toInstant(), rs.getString("replica"),
                        rs.getTimestamp("started_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant).orElse(null),
                        JobRun.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail")))
                .list();
    }

    /** This replica's name in the history ({@code GATEHOUSE_REPLICA_NAME}, else host and process id). */
    public String replica() {
        return replica;
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    static Instant slotOf(Instant now, Duration period) {
        long millis = period.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("A job's period must be positive: " + period);
        }
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis);
    }

    private void finish(String job, Instant slot, String outcome, String detail) {
        Instant now = clock.instant();
        jdbc.sql("update platform_job_run set finished_at = :now, outcome = :outcome, detail = :detail where job = :job and slot = :slot")
                .param("now", Timestamp.from(now)).param("outcome", outcome)
                .param("detail", detail == null || detail.length() <= DETAIL_LIMIT ? detail : detail.substring(0, DETAIL_LIMIT))
                .param("job", job).param("slot", Timestamp.from(slot))
                .update();
        jdbc.sql("delete from platform_job_run where job = :job and started_at < :before")
                .param("job", job).param("before", Timestamp.from(now.minus(HISTORY)))
                .update();
    }

    private void count(String job, String outcome) {
        Counter.builder("gatehouse.jobs.runs").description("Scheduled job slots this replica ran, skipped (another replica had them) or failed")
                .tag("job", job).tag("outcome", outcome).register(meters).increment();
    }
}
