package io.gatehouse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.analytics.Granularity;
import io.gatehouse.platform.analytics.TrafficUsage;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.ApplicationUsage;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.sync.TokenGrant;
import io.gatehouse.platform.sync.TrafficSink;
import io.gatehouse.platform.testsupport.IdentityFixtures;
import tools.jackson.databind.JsonNode;

/**
 * A portal application's usage: traffic stored through the real ingest path ({@link TrafficSink}, what the sync hub
 * calls with a gateway's report) under the application's consumers on two control planes, read back exactly — counts
 * and percentiles of the merged histograms — through the analytics API's consumer filter (per control plane), its
 * {@code group_by=consumer} names, and {@link ApplicationUsage} (all control planes, per product, also after a
 * registration was revoked). Another developer and another organization get 404; bad parameters a problem.
 */
class ApplicationUsageIT extends PortalITSupport {

    @Autowired
    TrafficSink traffic;
    @Autowired
    ApplicationUsage usage;

    @Test
    void anApplicationsTrafficIsFoundByItsConsumersAcrossControlPlanes() throws Exception {
        Org org = org();
        String cpA = controlPlaneWithServices(org, "http://127.0.0.1:9", "orders");
        String cpB = controlPlaneWithServices(org, "http://127.0.0.1:9", "billing");
        JsonNode versionA = publishedVersion(org, cpA, "orders", "auto", null);
        JsonNode versionB = publishedVersion(org, cpB, "billing", "auto", null);
        Developer owner = verifiedDeveloper(org);
        Developer stranger = verifiedDeveloper(org);
        Application shop = applications.create(org.admin().org(), owner.id(), new ApplicationDraft("Shop", null));
        Application rival = applications.create(org.admin().org(), stranger.id(), new ApplicationDraft("Rival", null));
        Registration onA = register(org, owner, shop, versionA);
        Registration onB = register(org, owner, shop, versionB);
        register(org, stranger, rival, versionA);

        UUID planeA = planeId(org, cpA);
        UUID planeB = planeId(org, cpB);
        String shopOnA = consumerId(org, cpA, shop);
        String shopOnB = consumerId(org, cpB, shop);
        assertThat(shopOnA).as("the consumer provisioning wrote is the one usage looks for")
                .isEqualTo(PortalTags.consumerId(shop.id(), planeA).toString());
        assertThat(shopOnB).isEqualTo(PortalTags.consumerId(shop.id(), planeB).toString()).isNotEqualTo(shopOnA);
        String orders = serviceId(org, cpA, "orders");
        String billing = serviceId(org, cpB, "billing");

        // Shop on A: 80 × 2xx of 10…89 ms, 15 × 4xx of 2 ms, 5 × 5xx of 900 ms; on B: 40 × 2xx of 40 ms, 10 × 4xx of
        // 3 ms. Rival on A: 50 of 1 s; anonymous traffic on A: 20 of 1 ms.
        Histogram okA = new Histogram(2);
        for (int i = 0; i < 80; i++) {
            okA.recordValue((10 + i) * 1000L);
        }
        Histogram clientA = repeated(15, 2_000);
        Histogram serverA = repeated(5, 900_000);
        Histogram okB = repeated(40, 40_000);
        Histogram clientB = repeated(10, 3_000);
        long bucket = (Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond() / 10) * 10;
        store(org, planeA, bucket, row(orders, shopOnA, 2, 80, okA), row(orders, shopOnA, 4, 15, clientA),
                row(orders, shopOnA, 5, 5, serverA), row(orders, PortalTags.consumerId(rival.id(), planeA).toString(), 2,
                        50, repeated(50, 1_000_000)), row(orders, "", 2, 20, repeated(20, 1_000)));
        store(org, planeB, bucket, row(billing, shopOnB, 2, 40, okB), row(billing, shopOnB, 4, 10, clientB));

        // The API, one control plane: the consumer by username or id, exactly its rows.
        String range = "&from=" + Instant.ofEpochSecond(bucket).minus(Duration.ofHours(1)) + "&to="
                + Instant.ofEpochSecond(bucket).plus(Duration.ofHours(1));
        Histogram onlyA = merged(okA, clientA, serverA);
        for (String consumer : List.of(PortalTags.consumerName(shop.id()), shopOnA)) {
            String query = "/api/v1/control-planes/" + cpA + "/analytics?consumer=" + consumer + range;
            assertThat(total(org, query + "&metric=requests")).as(consumer).isEqualTo(100);
            assertThat(total(org, query + "&metric=error_rate")).isCloseTo(20 / 100.0, within(1e-9));
            for (int percentile : List.of(50, 95, 99)) {
                assertThat(total(org, query + "&metric=latency_p" + percentile)).as("p%d", percentile)
                        .isEqualTo(percentile(onlyA, percentile));
            }
            assertThat(totals(org, query + "&metric=requests&group_by=status_class"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("2xx", 80.0, "4xx", 15.0, "5xx", 5.0));
        }
        assertThat(total(org, "/api/v1/control-planes/" + cpA + "/analytics?consumer=" + shopOnB + range)).isZero();
        // Grouped by consumer, portal applications are named after themselves.
        assertThat(totals(org, "/api/v1/control-planes/" + cpA + "/analytics?group_by=consumer" + range))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Shop (portal application)", 100.0,
                        "Rival (portal application)", 50.0, "(anonymous)", 20.0));

        // The application's usage: both control planes merged, per product.
        Instant from = Instant.ofEpochSecond(bucket).minus(Duration.ofMinutes(30));
        Instant to = Instant.ofEpochSecond(bucket).plus(Duration.ofMinutes(30));
        Histogram all = merged(okA, clientA, serverA, okB, clientB);
        for (Granularity granularity : Granularity.values()) {
            ApplicationUsage.Report report = usage.forDeveloper(org.admin().org(), owner.id(), shop.id(), from, to,
                    granularity);
            assertThat(report.traffic().total()).as(granularity.name()).isEqualTo(new TrafficUsage.Figures(150, 25, 5,
                    percentile(all, 50), percentile(all, 95), percentile(all, 99)));
            assertThat(report.traffic().periods().stream().mapToLong(p -> p.figures().requests()).sum()).isEqualTo(150);
            Map<String, Long> byProduct = new HashMap<>();
            report.products().forEach(p -> byProduct.put(p.name(), p.figures().requests()));
            assertThat(byProduct).containsExactlyInAnyOrderEntriesOf(Map.of(
                    onA.productName() + " " + onA.versionName(), 100L, onB.productName() + " " + onB.versionName(), 50L));
        }
        ApplicationUsage.Report minutes = usage.forDeveloper(org.admin().org(), owner.id(), shop.id(), from, to,
                Granularity.MINUTE);
        assertThat(minutes.traffic().periods()).filteredOn(p -> p.figures().requests() > 0).singleElement()
                .satisfies(p -> assertThat(p.figures()).isEqualTo(minutes.traffic().total()));

        // The same through the portal REST API, for the organization.
        JsonNode rest = body(mvc.perform(bearer(get(org.base() + "/portal/applications/" + shop.id() + "/usage")
                .param("from", from.toString()).param("to", to.toString()).param("granularity", "hour"), org.token()))
                .andExpect(status().isOk()).andReturn());
        assertThat(rest.get("total").get("requests").asLong()).isEqualTo(150);
        assertThat(rest.get("total").get("client_errors").asLong()).isEqualTo(25);
        assertThat(rest.get("total").get("server_errors").asLong()).isEqualTo(5);
        assertThat(rest.get("total").get("latency_p99").asDouble()).isEqualTo(percentile(all, 99));
        assertThat(rest.get("consumers").toString()).contains(shopOnA, shopOnB);
        assertThat(rest.get("products")).hasSize(2);
        mvc.perform(bearer(get(org.base() + "/portal/applications/" + shop.id() + "/usage").param("granularity", "week"),
                org.token())).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("granularity"));

        // Revoking the access on B removes the consumer there, not the history of its calls.
        apiPost(org, "/portal/registrations/" + onB.id() + "/revoke", "{}", 200);
        mvc.perform(bearer(get("/api/v1/control-planes/" + cpB + "/consumers/" + shopOnB), org.token()))
                .andExpect(status().isNotFound());
        assertThat(usage.forConsole(org.admin().org(), shop.id(), from, to, Granularity.HOUR).traffic().total().requests())
                .isEqualTo(150);
        assertThat(total(org, "/api/v1/control-planes/" + cpB + "/analytics?consumer=" + shopOnB + range)).isEqualTo(50);

        // Only the owner, only in the organization.
        assertThatThrownBy(() -> usage.forDeveloper(org.admin().org(), stranger.id(), shop.id(), from, to, Granularity.HOUR))
                .isInstanceOf(NotFoundException.class);
        Org other = org();
        assertThatThrownBy(() -> usage.forConsole(other.admin().org(), shop.id(), from, to, Granularity.HOUR))
                .isInstanceOf(NotFoundException.class);
        mvc.perform(bearer(get("/api/v1/control-planes/" + planeA + "/analytics?consumer=" + shopOnA), other.token()))
                .andExpect(status().isNotFound());
        mvc.perform(bearer(get(other.base() + "/portal/applications/" + shop.id() + "/usage"), other.token()))
                .andExpect(status().isNotFound());
    }

    @Test
    void badAnalyticsParametersAreOneProblem() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:9", "orders");
        mvc.perform(bearer(get("/api/v1/control-planes/" + cp + "/analytics").param("consumer", "x".repeat(300))
                .param("metric", "latency_p42"), org.token()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("consumer", "metric")));
        mvc.perform(bearer(get("/api/v1/control-planes/" + cp + "/analytics").param("consumer", "tab\there"), org.token()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("consumer"));
        Developer developer = verifiedDeveloper(org);
        Application app = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Ranges", null));
        Instant now = Instant.now();
        assertThatThrownBy(() -> usage.forDeveloper(org.admin().org(), developer.id(), app.id(), now, now.minusSeconds(1),
                Granularity.MINUTE)).isInstanceOf(io.gatehouse.platform.shared.errors.InvalidInputException.class);
        assertThatThrownBy(() -> usage.forDeveloper(org.admin().org(), developer.id(), app.id(),
                now.minus(Duration.ofDays(30)), now, Granularity.MINUTE))
                .isInstanceOf(io.gatehouse.platform.shared.errors.InvalidInputException.class);
        assertThat(usage.forDeveloper(org.admin().org(), developer.id(), app.id(), now.minus(Duration.ofHours(1)), now,
                Granularity.MINUTE).traffic().total()).isEqualTo(new TrafficUsage.Figures(0, 0, 0, null, null, null));
    }

    private Registration register(Org org, Developer developer, Application app, JsonNode version) {
        UUID plan = catalog.plans(org.admin().org(), id(version)).get(0).id();
        Registration registration = registrations.request(org.admin().org(), developer.id(), app.id(), id(version), plan);
        assertThat(registration.status().name()).isEqualTo("APPROVED");
        return registration;
    }

    private void store(Org org, UUID plane, long bucket, TrafficReport.Row... rows) {
        traffic.store(new TokenGrant(UUID.randomUUID(), org.admin().org(), plane), "node-" + IdentityFixtures.suffix(),
                new TrafficReport("s-" + IdentityFixtures.suffix(), 1, 10, List.of(new TrafficReport.Bucket(bucket,
                        List.of(rows)))));
    }

    private static TrafficReport.Row row(String service, String consumer, int statusClass, long requests,
            Histogram latency) {
        return new TrafficReport.Row(service, "route", consumer, statusClass, requests, 0, 0,
                TrafficRecorder.encode(latency), TrafficRecorder.encode(latency));
    }

    private static Histogram repeated(int count, long micros) {
        Histogram histogram = new Histogram(2);
        histogram.recordValueWithCount(micros, count);
        return histogram;
    }

    private static Histogram merged(Histogram... parts) {
        Histogram merged = new Histogram(2);
        for (Histogram part : parts) {
            merged.add(part);
        }
        return merged;
    }

    /** What the API answers: the highest value equivalent to the percentile's, in ms. */
    private static double percentile(Histogram histogram, int percentile) {
        return histogram.highestEquivalentValue(histogram.getValueAtPercentile(percentile)) / 1000.0;
    }

    private UUID planeId(Org org, String cp) throws Exception {
        return id(body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp), org.token())).andReturn()));
    }

    private String consumerId(Org org, String cp, Application app) throws Exception {
        return body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp + "/consumers/"
                + PortalTags.consumerName(app.id())), org.token())).andExpect(status().isOk()).andReturn())
                .get("id").asString();
    }

    private String serviceId(Org org, String cp, String service) throws Exception {
        return body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp + "/services/" + service), org.token()))
                .andReturn()).get("id").asString();
    }

    private double total(Org org, String query) throws Exception {
        JsonNode series = body(mvc.perform(bearer(get(query), org.token())).andExpect(status().isOk()).andReturn())
                .get("series");
        assertThat(series).hasSize(1);
        return series.get(0).get("total").asDouble();
    }

    private Map<String, Double> totals(Org org, String query) throws Exception {
        Map<String, Double> totals = new HashMap<>();
        for (JsonNode series : body(mvc.perform(bearer(get(query), org.token())).andExpect(status().isOk()).andReturn())
                .get("series")) {
            totals.put(series.get("name").asString(), series.get("total").asDouble());
        }
        return totals;
    }
}
