package io.gatehouse.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.TrafficReport;

class TrafficRecorderTests {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();

    TrafficRecorder recorder(int maxKeys, int maxReports) {
        return new TrafficRecorder(new TrafficSettings(Duration.ofSeconds(10), maxKeys, maxReports, Duration.ofSeconds(1)),
                clock);
    }

    static long millis(long ms) {
        return ms * 1_000_000;
    }

    @Test
    void aBucketIsReportedOnceItEndedWithCountsBytesAndBothLatencies() {
        TrafficRecorder recorder = recorder(100, 10);
        recorder.record("svc", "r1", "alice", 200, 10, 100, millis(20), millis(15));
        recorder.record("svc", "r1", "alice", 204, 5, 0, millis(40), millis(30));
        recorder.record("svc", "r1", "", 503, 0, 50, millis(100), -1);
        assertThat(recorder.flush()).as("the bucket has not ended").isNull();

        clock.advance(Duration.ofSeconds(11));
        TrafficReport report = recorder.flush();

        assertThat(report.seq()).isEqualTo(1);
        assertThat(report.bucketSeconds()).isEqualTo(10);
        assertThat(report.buckets()).singleElement().satisfies(bucket -> {
            assertThat(bucket.start()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z").getEpochSecond());
            assertThat(bucket.rows()).hasSize(2);
        });
        TrafficReport.Row ok = row(report, "alice", 2);
        assertThat(ok.requests()).isEqualTo(2);
        assertThat(ok.bytesIn()).isEqualTo(15);
        assertThat(ok.bytesOut()).isEqualTo(100);
        Histogram latency = TrafficRecorder.decode(ok.latency());
        assertThat(latency.getTotalCount()).isEqualTo(2);
        assertThat(latency.getValueAtPercentile(100)).isCloseTo(40_000, within(400L));
        assertThat(TrafficRecorder.decode(ok.upstreamLatency()).getValueAtPercentile(50)).isCloseTo(15_000, within(150L));
        TrafficReport.Row failed = row(report, "", 5);
        assertThat(failed.requests()).isEqualTo(1);
        assertThat(TrafficRecorder.decode(failed.upstreamLatency()).getTotalCount()).as("no upstream answered").isZero();
        assertThat(recorder.outbox().after(0)).containsExactly(report);
        assertThat(recorder.flush()).as("nothing new").isNull();
    }

    @Test
    void requestsLandInTheBucketOfTheirCompletionTime() {
        TrafficRecorder recorder = recorder(100, 10);
        recorder.record("svc", "r", "", 200, 0, 0, millis(1), millis(1));
        clock.advance(Duration.ofSeconds(10));
        recorder.record("svc", "r", "", 200, 0, 0, millis(1), millis(1));
        recorder.record("svc", "r", "", 200, 0, 0, millis(1), millis(1));
        clock.advance(Duration.ofSeconds(11));

        TrafficReport report = recorder.flush();

        assertThat(report.buckets()).extracting(b -> b.rows().get(0).requests()).containsExactly(1L, 2L);
        assertThat(report.buckets().get(1).start() - report.buckets().get(0).start()).isEqualTo(10);
    }

    @Test
    void keysBeyondTheLimitFoldIntoOneOtherRowPerStatusClassAndTotalsStayExact() {
        TrafficRecorder recorder = recorder(3, 10);
        for (int i = 0; i < 50; i++) {
            recorder.record("svc", "r", "consumer-" + i, i % 2 == 0 ? 200 : 500, 1, 1, millis(5), millis(4));
        }
        clock.advance(Duration.ofSeconds(11));

        TrafficReport report = recorder.flush();

        List<TrafficReport.Row> rows = report.buckets().get(0).rows();
        assertThat(rows.size()).isLessThanOrEqualTo(3 + 2);
        assertThat(rows.stream().mapToLong(TrafficReport.Row::requests).sum()).isEqualTo(50);
        assertThat(rows).anyMatch(r -> r.consumer().equals(TrafficReport.Row.OVERFLOW));
        assertThat(recorder.folded()).isGreaterThan(0);
        StringBuilder metrics = new StringBuilder();
        recorder.render(metrics);
        assertThat(metrics.toString()).contains("gatehouse_analytics_keys_folded_total " + recorder.folded());
    }

    @Test
    void theOutboxKeepsTheNewestReportsAndCountsWhatItDropped() {
        TrafficRecorder recorder = recorder(10, 3);
        for (int i = 0; i < 5; i++) {
            recorder.record("svc", "r", "", 200, 0, 0, millis(1), millis(1));
            clock.advance(Duration.ofSeconds(10));
            recorder.flush();
        }
        clock.advance(Duration.ofSeconds(10));
        recorder.flush();

        assertThat(recorder.outbox().after(0)).extracting(TrafficReport::seq).containsExactly(3L, 4L, 5L);
        assertThat(recorder.outbox().dropped()).isEqualTo(2);
        recorder.outbox().acknowledged(4);
        assertThat(recorder.outbox().after(0)).extracting(TrafficReport::seq).containsExactly(3L, 5L);
        assertThat(recorder.outbox().after(3)).extracting(TrafficReport::seq).containsExactly(5L);
        StringBuilder metrics = new StringBuilder();
        recorder.render(metrics);
        assertThat(metrics.toString()).contains("gatehouse_analytics_reports_dropped_total 2",
                "gatehouse_analytics_reports_pending 2");
    }

    @Test
    @Timeout(60)
    void concurrentRecordingWhileFlushingLosesNothing() throws Exception {
        TrafficRecorder recorder = recorder(1000, 1000);
        int threads = 4;
        int perThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    recorder.record("svc", "r" + (i % 7), "c" + thread, 200 + (i % 4) * 100, 1, 2, 1000 + i, 500 + i);
                }
                done.countDown();
            });
        }
        List<TrafficReport> reports = new ArrayList<>();
        while (done.getCount() > 0) {
            drainInto(recorder, reports);
            clock.advance(Duration.ofSeconds(1));
            Thread.sleep(2);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(20));
        drainInto(recorder, reports);

        long requests = reports.stream().flatMap(r -> r.buckets().stream()).flatMap(b -> b.rows().stream())
            .mapToLong(TrafficReport.Row::requests).sum();
        long latencyCount = reports.stream().flatMap(r -> r.buckets().stream()).flatMap(b -> b.rows().stream())
            .mapToLong(row -> TrafficRecorder.decode(row.latency()).getTotalCount()).sum();
        assertThat(requests).isEqualTo((long) threads * perThread);
        assertThat(latencyCount).isEqualTo(requests);
        assertThat(recorder.recorded()).isEqualTo(requests);
    }

    @Test
    void aReportSurvivesTheWireUnchanged() {
        TrafficRecorder recorder = recorder(10, 10);
        recorder.record("svc", "r", "alice", 429, 0, 12, millis(3), -1);
        clock.advance(Duration.ofSeconds(20));
        TrafficReport report = recorder.flush();

        String json = SyncCodec.write(report);

        assertThat(json).contains("\"type\":\"traffic_report\"", "\"bucket_seconds\":10", "\"status_class\":4",
                "\"bytes_out\":12");
        assertThat(SyncCodec.read(json)).isEqualTo(report);
    }

    private static void drainInto(TrafficRecorder recorder, List<TrafficReport> reports) {
        TrafficReport report = recorder.flush();
        if (report != null) {
            reports.add(report);
        }
    }

    private static TrafficReport.Row row(TrafficReport report, String consumer, int statusClass) {
        return report.buckets().stream().flatMap(b -> b.rows().stream())
            .filter(r -> r.consumer().equals(consumer) && r.statusClass() == statusClass).findFirst().orElseThrow();
    }
}
