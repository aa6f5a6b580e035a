package io.gatehouse.console.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.sync.TokenGrant;
import io.gatehouse.platform.sync.TrafficSink;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The traffic dashboard request by request: the numbers a gateway reported, the charts' data and script from the
 * webjar (no inline script), the htmx fragment, CSV, a service's own view, and another organization's control plane
 * as a 404.
 */
class AnalyticsPagesIT extends ConsoleIntegrationTest {

    @Autowired
    TenantScopes scopes;
    @Autowired
    ControlPlanes controlPlanes;
    @Autowired
    GatewayEntities entities;
    @Autowired
    TrafficSink traffic;
    @Autowired
    JsonMapper json;

    @Test
    void theDashboardShowsWhatTheGatewaysReportedAndOnlyToTheOrganization() throws Exception {
        SignedUp alice = signUp("alice");
        SignedUp bob = signUp("bob");
        ControlPlane plane = scopes.call(TenantScope.org(alice.organization().orgId()),
                () -> controlPlanes.create(new ControlPlaneDraft("traffic-" + suffix(), null, null)));
        GatewayEntity shop = scopes.call(TenantScope.org(alice.organization().orgId()), () -> entities.create(
                plane.id().toString(), EntityType.SERVICE, null,
                json.createObjectNode().put("name", "shop").put("url", "http://shop.internal"))).entity();
        Histogram fast = new Histogram(2);
        Histogram slow = new Histogram(2);
        for (int i = 0; i < 90; i++) {
            fast.recordValue(10_000);
        }
        for (int i = 0; i < 10; i++) {
            slow.recordValue(200_000);
        }
        long bucket = (Instant.now().minusSeconds(300).getEpochSecond() / 10) * 10;
        traffic.store(new TokenGrant(UUID.randomUUID(), alice.organization().orgId(), plane.id()), "node-1",
                new TrafficReport("s-" + suffix(), 1, 10, List.of(new TrafficReport.Bucket(bucket, List.of(
                        new TrafficReport.Row(shop.id().toString(), "route-1", "", 2, 90, 0, 9000,
                                TrafficRecorder.encode(fast), TrafficRecorder.encode(fast)),
                        new TrafficReport.Row(shop.id().toString(), "route-1", "", 5, 10, 0, 100,
                                TrafficRecorder.encode(slow), TrafficRecorder.encode(slow)))))));
        String base = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/analytics";

        MockHttpServletResponse page = perform(get(base), alice);

        assertThat(page.getStatus()).isEqualTo(200);
        String html = page.getContentAsString();
        assertThat(html).contains("id=\"summary-requests\">100<", "10.00%", "Top routes", "route-1", "5xx",
                "data-chart=", "/webjars/chart.js/", "/js/analytics.js", "analytics/export");
        assertThat(html).doesNotContain("<script>");
        // p99 of 90 × 10 ms and 10 × 200 ms is 200 ms (within the histogram's 1 %).
        assertThat(html).containsPattern("id=\"summary-p99\">20[0-1]\\.\\d ms<");
        String script = mvc.perform(get(html.replaceAll("(?s).*src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1")))
                .andReturn().getResponse().getContentAsString();
        assertThat(script).contains("Chart");

        MockHttpServletResponse fragment = perform(get(base + "?range=24h").header("HX-Request", "true"), alice);
        assertThat(fragment.getStatus()).isEqualTo(200);
        assertThat(fragment.getContentAsString()).contains("id=\"panels\"", "Last 24 hours", "id=\"summary-requests\">100<")
                .doesNotContain("<html");

        MockHttpServletResponse csv = perform(get(base + "/export?metric=requests&group_by=status_class"), alice);
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getContentAsString()).startsWith("time,metric,group,name,value\n")
                .contains(",requests,2xx,2xx,90\n", ",requests,5xx,5xx,10\n");

        assertThat(perform(get(base + "?service=shop"), alice).getContentAsString())
                .contains("Traffic of service shop", "id=\"summary-requests\">100<");
        assertThat(perform(get(base + "?range=forever"), alice).getStatus()).isEqualTo(400);

        String viaBob = "/orgs/" + bob.organization().getSlug() + "/control-planes/" + plane.id() + "/analytics";
        for (String url : List.of(viaBob, viaBob + "/export")) {
            MockHttpServletResponse response = perform(get(url), bob);
            assertThat(response.getStatus()).as(url).isEqualTo(404);
            assertThat(response.getContentAsString()).doesNotContain("route-1");
        }
    }
}
