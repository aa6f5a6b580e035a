package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.gatehouse.gateway.sync.SyncClient;
import io.gatehouse.gateway.sync.SyncStatus;
import io.gatehouse.platform.PlatformTestApplication;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.sync.SyncFixtures.RecordingRuntime;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import io.gatehouse.platform.testsupport.TestDatabase;

/**
 * Two control-plane replicas sharing one PostgreSQL: the test's context is replica A, a second application
 * context started here is replica B. Gateways connected to B learn of writes made on A through
 * LISTEN/NOTIFY, within the same latency budget, and a token revoked on A disconnects them from B.
 */
@SpringBootTest
@Timeout(180)
class SyncReplicasIT {

    private static ConfigurableApplicationContext replicaB;

    @Autowired
    ApplicationContext replicaA;
    @TempDir
    Path cache;

    @BeforeAll
    static void startReplicaB(@TempDir Path tls) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.get().springProperties());
        properties.put("gatehouse.sync.port", "0");
        properties.put("gatehouse.sync.host", "127.0.0.1");
        properties.put("gatehouse.sync.tls.directory", tls.toString());
        properties.put("gatehouse.sync.heartbeat-interval", "1s");
        properties.put("server.port", "0");
        properties.put("spring.jmx.enabled", "false");
        replicaB = new SpringApplicationBuilder(PlatformTestApplication.class).properties(properties).run();
    }

    @AfterAll
    static void stopReplicaB() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void aWriteOnOneReplicaReachesAGatewayConnectedToTheOther() {
        SyncFixtures onA = new SyncFixtures(replicaA);
        SyncFixtures onB = new SyncFixtures(replicaB);
        Tenant tenant = onA.tenant();
        onA.create(tenant, EntityType.SERVICE, "{\"name\":\"first\",\"url\":\"http://first.internal\"}");
        String token = onA.token(tenant);
        RecordingRuntime runtime = new RecordingRuntime();
        URI endpointB = onB.endpoint();
        SyncClient client = onA.client(new io.gatehouse.gateway.sync.SyncClientSettings(endpointB, token,
                onB.trustedCertificate(), "node-" + SyncFixtures.suffix(), "b-host", "1.0.0-test", java.util.List.of(), cache,
                Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(400)), runtime);
        try {
            client.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.active.get().revision() == 1);
            assertThat(onA.hub.sessionCount(tenant.plane().id())).isZero();
            assertThat(onB.hub.sessionCount(tenant.plane().id())).isEqualTo(1);

            long start = System.nanoTime();
            onA.create(tenant, EntityType.SERVICE, "{\"name\":\"second\",\"url\":\"http://second.internal\"}");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                    .until(() -> runtime.active.get().revision() == 2);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("commit on A to applied via B").isLessThan(1_000);

            GatewayToken details = onA.in(tenant, () -> onA.tokens.list(tenant.plane())).get(0);
            onA.in(tenant, () -> onA.tokens.revoke(tenant.plane(), details.id()));
            await().atMost(Duration.ofSeconds(3)).until(() -> client.status().connection() == SyncStatus.Connection.DISCONNECTED
                    && client.status().lastError() != null && client.status().lastError().startsWith("4003"));
        } finally {
            client.stop();
        }
    }
}
