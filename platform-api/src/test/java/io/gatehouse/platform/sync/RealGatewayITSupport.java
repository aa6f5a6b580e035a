package io.gatehouse.platform.sync;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import io.gatehouse.platform.testsupport.RealGateways;

/**
 * Config sync tests with real gateways: entities written through the REST API (the real security chain) reach
 * gateways started as their command line starts them. After each test the gateways and upstreams stop, and a hub a
 * test stopped runs again.
 */
@SpringBootTest
abstract class RealGatewayITSupport {

    @Autowired
    WebApplicationContext context;
    @TempDir
    Path cache;

    SyncFixtures fixtures;
    MockMvc api;
    RealGateways gateways;

    @BeforeEach
    void fixturesAndGateways() {
        fixtures = new SyncFixtures(context);
        api = fixtures.api();
        gateways = new RealGateways(cache);
    }

    @AfterEach
    void stopGatewaysAndRestartTheHub() throws Exception {
        gateways.close();
        if (!fixtures.hub.isRunning()) {
            fixtures.hub.start();
        }
    }

    /** The REST API path of the tenant's control plane. */
    String base(Tenant tenant) {
        return "/api/v1/control-planes/" + tenant.plane().id();
    }

    /** Creates an entity through the REST API (expects 201). */
    void write(String bearer, String path, String json) throws Exception {
        api.perform(post(path).header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isCreated());
    }
}
