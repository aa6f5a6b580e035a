package io.gatehouse.platform.portal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.sync.SyncHub;
import io.gatehouse.platform.sync.SyncProperties;
import io.gatehouse.platform.testsupport.RealGateways;
import reactor.netty.DisposableServer;

/**
 * The portal tests with a real gateway: besides what {@link PortalITSupport} sets up, an upstream that answers
 * {@code hello from <uri>} and gateways of an organization's control plane connected over config sync.
 */
abstract class PortalGatewayITSupport extends PortalITSupport {

    @Autowired
    SyncHub hub;
    @Autowired
    SyncProperties syncProperties;
    @TempDir
    Path cache;

    RealGateways gateways;
    DisposableServer upstream;

    @BeforeEach
    void startUpstream() {
        gateways = new RealGateways(cache);
        upstream = gateways.helloUpstream();
    }

    @AfterEach
    void stop() throws Exception {
        gateways.close();
    }

    /** The upstream's URL, for {@link #controlPlaneWithServices}. */
    String upstreamUrl() {
        return "http://127.0.0.1:" + upstream.port();
    }

    /** A gateway of {@code cp} with a token made through the API. */
    SyncedGateway gateway(Org org, String cp) throws Exception {
        String token = apiPost(org, "/api/v1/control-planes/" + cp + "/gateway-tokens", "{\"name\":\"portal test\"}", 201)
                .get("token").asString();
        return gateways.connectedTo(hub, syncProperties, token);
    }

    /** The control plane's config revision. */
    long revision(Org org, String cp) throws Exception {
        return body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp), org.token())).andReturn()).get("revision").asLong();
    }
}
