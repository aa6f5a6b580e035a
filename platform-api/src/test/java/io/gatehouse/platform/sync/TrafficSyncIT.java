package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.gateway.sync.TrafficAck;
import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.analytics.AnalyticsMaintenance;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Traffic analytics end to end: gateways report over config sync, the control plane stores each report once and
 * the analytics API answers with exactly the counts sent and percentiles of the merged histograms.
 */
@Timeout(600)
class TrafficSyncIT extends RealGatewayITSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AnalyticsMaintenance maintenance;

    DisposableServer upstream;

    @BeforeEach
    void upstream() {
        // The controllable upstream: /slow answers after 300 ms, /broken with 503, everything else at once.
        upstream = gateways.upstream((request, response) -> {
            if (request.uri().startsWith("/slow")) {
                return Mono.delay(Duration.ofMillis(300)).then(response.sendString(Mono.just("slow")).then());
            }
            if (request.uri().startsWith("/broken")) {
                return response.status(503).sendString(Mono.just("down"));
            }
            return response.sendString(Mono.just("ok"));
        });
    }

    // ---- exact numbers: reports crafted with known latencies, sent over the real sync protocol

    @Test
    void percentilesComeFromMergedHistogramsAndAReportResentAfterAReconnectCountsOnce() throws Exception {
        Tenant tenant = fixtures.tenant();
        String token = fixtures.token(tenant);
        String viewer = fixtures.bearer(tenant, OrgRole.VIEWER);
        Instant bucket = Instant.ofEpochSecond((Instant.now().minus(Duration.ofHours(3)).getEpochSecond() / 10) * 10);
        // Node A saw 900 requests of 1…900 ms, node B 100 of 901…1000 ms plus 100 failures of 5 ms: merged, the
        // median is 500 ms, while the mean of the two nodes' medians would be 700 ms.
        Histogram a = new Histogram(2);
        Histogram b = new Histogram(2);
        Histogram failures = new Histogram(2);
        for (int ms = 1; ms <= 900; ms++) {
            a.recordValue(ms * 1000L);
        }
        for (int ms = 901; ms <= 1000; ms++) {
            b.recordValue(ms * 1000L);
        }
        for (int i = 0; i < 100; i++) {
            failures.recordValue(5000);
        }
        TrafficReport fromA = new TrafficReport("stream-a", 1, 10, List.of(new TrafficReport.Bucket(bucket.getEpochSecond(),
                List.of(row("r1", 2, 900, a)))));
        TrafficReport fromB = new TrafficReport("stream-b", 1, 10, List.of(new TrafficReport.Bucket(
                bucket.getEpochSecond() + 10, List.of(row("r1", 2, 100, b), row("r2", 5, 100, failures)))));

        try (RawGateway nodeA = connect(token, "node-a-" + SyncFixtures.suffix())) {
            nodeA.send(fromA);
            assertThat(trafficAck(nodeA)).isEqualTo(new TrafficAck("stream-a", 1));
        }
        String nodeB = "node-b-" + SyncFixtures.suffix();
        try (RawGateway first = connect(token, nodeB)) {
            first.send(fromB);
            assertThat(trafficAck(first)).isEqualTo(new TrafficAck("stream-b", 1));
        }
        // B reconnects and resends the same report (its ack could have been lost): acknowledged, not stored again.
        try (RawGateway again = connect(token, nodeB)) {
            again.send(fromB);
            assertThat(trafficAck(again)).isEqualTo(new TrafficAck("stream-b", 1));
        }

        Histogram merged = new Histogram(2);
        merged.add(a);
        merged.add(b);
        merged.add(failures);
        String range = "&from=" + bucket.minus(Duration.ofHours(1)) + "&to=" + bucket.plus(Duration.ofHours(1));
        for (String granularity : List.of("minute", "hour", "day")) {
            if (granularity.equals("hour")) {
                // Roll the (three hours old) hour up: the hour table now answers, with the same numbers.
                maintenance.run(Instant.now());
            }
            String query = base(tenant) + "/analytics?granularity=" + granularity + range;
            assertThat(total(viewer, query + "&metric=requests")).isEqualTo(1100);
            assertThat(total(viewer, query + "&metric=error_rate")).isCloseTo(100 / 1100.0, within(1e-9));
            for (int percentile : List.of(50, 95, 99)) {
                double expected = merged.highestEquivalentValue(merged.getValueAtPercentile(percentile)) / 1000.0;
                double answered = total(viewer, query + "&metric=latency_p" + percentile);
                assertThat(answered).as("p%d at %s", percentile, granularity).isEqualTo(expected);
            }
            // Within HdrHistogram's stated precision (2 significant digits: 1 %) of the exact percentiles, which a
            // mean of the two nodes' percentiles would miss by far (p50: 450 ms exact; nodes 450 and 950 ms).
            for (int percentile : List.of(50, 95, 99)) {
                double exact = exactPercentile(percentile);
                assertThat(total(viewer, query + "&metric=latency_p" + percentile)).as("p%d", percentile)
                        .isCloseTo(exact, within(exact / 100));
            }
            Map<String, Double> byStatus = totals(viewer, query + "&metric=requests&group_by=status_class");
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of("2xx", 1000.0, "5xx", 100.0));
        }
        // The same numbers as CSV, asked for with format=csv or with Accept: text/csv.
        String csvQuery = base(tenant) + "/analytics?granularity=hour&metric=requests&group_by=status_class" + range;
        for (var request : List.of(get(csvQuery + "&format=csv"), get(csvQuery).accept("text/csv"))) {
            var response = api.perform(request.header("Authorization", viewer)).andExpect(status().isOk()).andReturn()
                    .getResponse();
            assertThat(response.getContentType()).startsWith("text/csv");
            String csv = response.getContentAsString();
            assertThat(csv).startsWith("time,metric,group,name,value\n");
            assertThat(csvTotal(csv, "2xx")).isEqualTo(1000);
            assertThat(csvTotal(csv, "5xx")).isEqualTo(100);
        }
    }

    /** The sum of a group's values in the API's CSV (time,metric,group,name,value). */
    static double csvTotal(String csv, String group) {
        return csv.lines().skip(1).map(line -> line.split(",", -1))
                .filter(cells -> cells[2].equals(group) && !cells[4].isEmpty())
                .mapToDouble(cells -> Double.parseDouble(cells[4])).sum();
    }

    @Test
    void anotherOrganizationsControlPlaneIsNotFoundAndBadParametersAreProblems() throws Exception {
        Tenant tenant = fixtures.tenant();
        Tenant other = fixtures.tenant();
        String viewer = fixtures.bearer(tenant, OrgRole.VIEWER);
        api.perform(get(base(other) + "/analytics").header("Authorization", viewer)).andExpect(status().isNotFound());
        api.perform(get(base(other) + "/analytics?format=csv").header("Authorization", viewer))
                .andExpect(status().isNotFound());
        api.perform(get(base(tenant) + "/analytics?metric=latency_p42&group_by=planet&from=yesterday")
                .header("Authorization", viewer))
                .andExpect(status().isBadRequest())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder("metric", "group_by", "from")));
        api.perform(get(base(tenant) + "/analytics?granularity=minute&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z")
                .header("Authorization", viewer)).andExpect(status().isBadRequest());
    }

    @Test
    void maintenanceKeepsPartitionsAheadAndDropsThosePastEachGranularitysRetention() {
        org.springframework.jdbc.core.JdbcTemplate jdbc = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        io.gatehouse.platform.tenancy.TenantScopes scopes = context.getBean(io.gatehouse.platform.tenancy.TenantScopes.class);
        org.springframework.transaction.support.TransactionTemplate tx = context.getBean(
                org.springframework.transaction.support.TransactionTemplate.class);
        List<String> tables = List.of("analytics_traffic_minute", "analytics_traffic_hour", "analytics_traffic_day");
        // Partitions of 2001 (what an installation left running for years would have) exist before the run…
        scopes.run(io.gatehouse.platform.tenancy.TenantScope.platform(), () -> tx.executeWithoutResult(status -> tables
                .forEach(table -> jdbc.queryForObject("select analytics_create_partitions(?, ?::timestamptz, ?::timestamptz)",
                        Integer.class, table, "2001-01-01T00:00:00Z", "2001-01-01T00:00:01Z"))));
        java.util.function.Function<String, Boolean> exists = name -> scopes.call(
                io.gatehouse.platform.tenancy.TenantScope.platform(), () -> tx.execute(status -> jdbc.queryForObject(
                        "select to_regclass(?) is not null", Boolean.class, name)));
        tables.forEach(table -> assertThat(exists.apply(table + "_20010101")).as(table).isTrue());

        AnalyticsMaintenance.Outcome outcome = maintenance.run(Instant.now());

        // …and are gone after it: past the minute (7 days), hour (90 days) and day (2 years) retention.
        assertThat(outcome.ran()).isTrue();
        assertThat(outcome.partitionsDropped()).isGreaterThanOrEqualTo(3);
        tables.forEach(table -> assertThat(exists.apply(table + "_20010101")).as(table).isFalse());
        // Minute partitions exist for the next days, so reports are taken before the next run.
        String inTwoDays = java.time.LocalDate.ofInstant(Instant.now().plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(exists.apply("analytics_traffic_minute_" + inTwoDays)).isTrue();
    }

    // ---- a real gateway, a controllable upstream, a known mix of requests

    @Test
    void aRealGatewaysTrafficArrivesExactlyOnceAlsoAcrossAControlPlaneOutage() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        write(editor, base(tenant) + "/services", "{\"name\":\"shop\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}");
        write(editor, base(tenant) + "/services/shop/routes", "{\"name\":\"fast\",\"paths\":[\"/fast\"],\"strip_path\":false}");
        write(editor, base(tenant) + "/services/shop/routes", "{\"name\":\"slow\",\"paths\":[\"/slow\"],\"strip_path\":false}");
        write(editor, base(tenant) + "/services/shop/routes", "{\"name\":\"broken\",\"paths\":[\"/broken\"],\"strip_path\":false}");
        Instant started = Instant.now();
        SyncedGateway gateway = gateway(fixtures.token(tenant));
        long revision = fixtures.revision(tenant);
        // Wait for the config without probing: every request through the gateway counts.
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.config().current().revision() == revision);
        send(gateway, "/fast", 30, 200);
        send(gateway, "/slow", 10, 200);
        send(gateway, "/broken", 5, 503);
        send(gateway, "/nowhere", 3, 404);

        String query = base(tenant) + "/analytics?from=" + started.minus(Duration.ofMinutes(1)) + "&to="
                + started.plus(Duration.ofMinutes(10));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> total(editor, query + "&metric=requests"), n -> n == 48);
        } catch (org.awaitility.core.ConditionTimeoutException ex) {
            throw new AssertionError("gateway " + gateway.syncStatus() + "\n" + gateways.page(gateway.statusPort(),
                    "/metrics").lines().filter(l -> l.contains("analytics")).toList()
                    + "\nreports stored: " + context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                        .queryForList("select control_plane_id, node_id, seq from analytics_report")
                    + "\nrows: " + context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                        .queryForList("select control_plane_id, bucket_start, route_id, requests from analytics_traffic_minute"
                                + " where control_plane_id = '" + tenant.plane().id() + "'"), ex);
        }
        assertThat(totals(editor, query + "&metric=requests&group_by=route")).containsExactlyInAnyOrderEntriesOf(
                Map.of("fast", 30.0, "slow", 10.0, "broken", 5.0, "(no route)", 3.0));
        assertThat(totals(editor, query + "&metric=requests&group_by=status_class")).containsExactlyInAnyOrderEntriesOf(
                Map.of("2xx", 40.0, "5xx", 5.0, "4xx", 3.0));
        assertThat(total(editor, query + "&metric=error_rate")).isCloseTo(8 / 48.0, within(1e-9));
        Map<String, Double> upstreamP50 = totals(editor, query + "&metric=upstream_latency_p50&group_by=route");
        // The upstream held /slow for 300 ms: its upstream latency cannot be lower (less the histogram's 1 %).
        assertThat(upstreamP50.get("slow")).isGreaterThanOrEqualTo(297.0);
        assertThat(upstreamP50.get("fast")).isLessThan(upstreamP50.get("slow"));
        assertThat(totals(editor, query + "&metric=latency_p99&group_by=route").get("slow")).isGreaterThanOrEqualTo(297.0);
        assertThat(totals(editor, query + "&metric=upstream_latency_p50&group_by=route")).doesNotContainKey("(no route)")
                .as("no upstream answered a request without a route");

        fixtures.hub.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.syncStatus().connection().name().equals("CONNECTED"));
        send(gateway, "/fast", 10, 200);
        // The bucket closes while the control plane is away: the report waits in the gateway's outbox.
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(gateway, "gatehouse_analytics_reports_pending") >= 1);
        fixtures.hub.start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> total(editor, query + "&metric=requests"), n -> n == 58);
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(gateway, "gatehouse_analytics_reports_pending") == 0);
        assertThat(total(editor, query + "&metric=requests")).as("resent reports are not counted twice").isEqualTo(58);
        assertThat(totals(editor, query + "&metric=requests&group_by=route").get("fast")).isEqualTo(40.0);
    }

    // ---- helpers

    /** The percentile of the test's 1,100 latencies (1…1000 ms and 100 × 5 ms), as HdrHistogram defines it. */
    static double exactPercentile(int percentile) {
        List<Integer> values = new ArrayList<>();
        for (int ms = 1; ms <= 1000; ms++) {
            values.add(ms);
        }
        for (int i = 0; i < 100; i++) {
            values.add(5);
        }
        values.sort(null);
        return values.get((int) Math.ceil(percentile / 100.0 * values.size()) - 1);
    }

    RawGateway connect(String token, String nodeId) throws Exception {
        RawGateway gateway = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), token);
        gateway.send(new Hello(SyncProtocol.VERSION, nodeId, "raw", "1", List.of(), 0, "",
                List.of(Hello.TRAFFIC_CAPABILITY)));
        assertThat(trafficAck(gateway)).as("the hub announces it takes reports").isEqualTo(new TrafficAck("", 0));
        return gateway;
    }

    static TrafficAck trafficAck(RawGateway gateway) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            SyncMessage message = gateway.next(Duration.ofSeconds(10));
            if (message instanceof TrafficAck ack) {
                return ack;
            }
        }
        throw new AssertionError("no traffic_ack");
    }

    static TrafficReport.Row row(String route, int statusClass, long requests, Histogram latency) {
        return new TrafficReport.Row("svc", route, "", statusClass, requests, requests * 10, requests * 100,
                TrafficRecorder.encode(latency), TrafficRecorder.encode(latency));
    }

    SyncedGateway gateway(String token) throws Exception {
        return gateways.connectedTo(fixtures.endpoint(), fixtures.trustedCertificate(), token);
    }

    void send(SyncedGateway gateway, String path, int times, int expectedStatus) throws Exception {
        for (int i = 0; i < times; i++) {
            assertThat(gateways.status(gateway, path)).isEqualTo(expectedStatus);
        }
    }

    long metric(SyncedGateway gateway, String name) throws Exception {
        String text = gateways.page(gateway.statusPort(), "/metrics");
        return text.lines().filter(line -> line.startsWith(name + " ")).mapToLong(line -> Long.parseLong(line.split(" ")[1]))
                .findFirst().orElse(-1);
    }

    JsonNode analytics(String bearer, String query) throws Exception {
        String body = api.perform(get(query).header("Authorization", bearer)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body);
    }

    /** The whole-range value of the single series. */
    double total(String bearer, String query) throws Exception {
        JsonNode series = analytics(bearer, query).get("series");
        assertThat(series.size()).isEqualTo(1);
        return series.get(0).get("total").asDouble();
    }

    /** The whole-range value per group, by the group's name. */
    Map<String, Double> totals(String bearer, String query) throws Exception {
        Map<String, Double> values = new HashMap<>();
        for (JsonNode series : analytics(bearer, query).get("series")) {
            if (!series.get("total").isNull()) {
                values.put(series.get("name").asString(), series.get("total").asDouble());
            }
        }
        return values;
    }
}
