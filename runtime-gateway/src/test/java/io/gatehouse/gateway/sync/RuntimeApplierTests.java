package io.gatehouse.gateway.sync;

import static io.gatehouse.gateway.sync.SyncedConfigTests.entity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.server.CertificateStore;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestCertificates;

class RuntimeApplierTests {

    @TempDir
    Path directory;

    final Clock clock = Clock.systemUTC();
    final LocalCounters counters = new LocalCounters(clock);
    final ConfigCompiler compiler = new ConfigCompiler(clock, new GatewayMetrics(), counters, config -> counters,
            new SecureRandom(), "test");
    final ConfigHolder holder = new ConfigHolder(GatewaySnapshot.empty(), Duration.ofMillis(10));

    @Test
    void aCompiledConfigIsSwappedInOnlyWhenTheReturnedStepRuns() throws Exception {
        SyncedConfig config = SyncedConfig.of(5, List.of(
                entity("service", "11111111-1111-1111-1111-111111111111",
                        "{\"id\":\"11111111-1111-1111-1111-111111111111\",\"name\":\"s\",\"host\":\"127.0.0.1\",\"port\":9}"),
                entity("route", "22222222-2222-2222-2222-222222222222",
                        "{\"id\":\"22222222-2222-2222-2222-222222222222\",\"name\":\"r\",\"paths\":[\"/r\"],"
                                + "\"service\":{\"id\":\"11111111-1111-1111-1111-111111111111\"}}")));

        Runnable swap = new RuntimeApplier(compiler, holder).prepare(config);

        assertThat(holder.current().revision()).isZero();
        swap.run();
        assertThat(holder.current().revision()).isEqualTo(5);
        assertThat(holder.current().hash()).isEqualTo(config.hash());
        assertThat(holder.current().router().size()).isEqualTo(1);
    }

    @Test
    void aConfigTheRuntimeCannotRunIsRejectedWithItsViolations() {
        SyncedConfig config = SyncedConfig.of(6, List.of(
                entity("route", "22222222-2222-2222-2222-222222222222",
                        "{\"id\":\"22222222-2222-2222-2222-222222222222\",\"name\":\"r\",\"paths\":[\"/r\"],"
                                + "\"service\":{\"id\":\"33333333-3333-3333-3333-333333333333\"}}")));

        assertThatThrownBy(() -> new RuntimeApplier(compiler, holder).prepare(config))
            .isInstanceOf(ConfigApplier.RejectedConfigException.class)
            .satisfies(ex -> assertThat(((ConfigApplier.RejectedConfigException) ex).details()).isNotEmpty());
        assertThat(holder.current().revision()).isZero();
    }

    @Test
    void syncedCertificatesAndSnisReachTheTlsListenersStoreWithTheConfigSwap() throws Exception {
        CertificateDefinition generated = TestCertificates.generate(directory, "shop.test", List.of());
        String certificateId = "44444444-4444-4444-4444-444444444444";
        String certificate = ConfigJson.json().writeValueAsString(
                new CertificateDefinition(certificateId, generated.cert(), generated.key(), List.of(), List.of()));
        SyncedConfig withSni = SyncedConfig.of(7, List.of(
                entity("certificate", certificateId, certificate),
                entity("sni", "55555555-5555-5555-5555-555555555555", "{\"id\":\"55555555-5555-5555-5555-555555555555\","
                        + "\"name\":\"shop.test\",\"certificate\":{\"id\":\"" + certificateId + "\"}}")));
        CertificateStore store = new CertificateStore();
        RuntimeApplier applier = new RuntimeApplier(compiler, holder, store);

        Runnable swap = applier.prepare(withSni);
        assertThat(store.get().present()).as("nothing changes before the step runs").isFalse();
        swap.run();
        assertThat(store.get().present()).isTrue();
        assertThat(store.get().forName("shop.test")).isNotNull();

        applier.prepare(SyncedConfig.of(8, List.of())).run();
        assertThat(store.get().present()).isFalse();
        assertThat(holder.current().revision()).isEqualTo(8);
    }

    @Test
    void aDeltaKeepsTheCompiledServicesItDidNotChangeAndReadsOnlyWhatItCarries() throws Exception {
        String keptId = "11111111-1111-1111-1111-111111111111";
        String changedId = "44444444-4444-4444-4444-444444444444";
        SyncEntity kept = entity("service", keptId, "{\"id\":\"" + keptId + "\",\"name\":\"kept\",\"host\":\"127.0.0.1\",\"port\":9}");
        SyncedConfig first = SyncedConfig.of(1, List.of(kept,
                entity("service", changedId, "{\"id\":\"" + changedId + "\",\"name\":\"changed\",\"host\":\"127.0.0.1\",\"port\":9}"),
                entity("route", "22222222-2222-2222-2222-222222222222",
                        "{\"id\":\"22222222-2222-2222-2222-222222222222\",\"name\":\"r\",\"paths\":[\"/r\"],"
                                + "\"service\":{\"id\":\"" + keptId + "\"}}")));
        RuntimeApplier applier = new RuntimeApplier(compiler, holder);
        applier.prepare(first).run();
        GatewaySnapshot before = holder.current();

        SyncEntity changed = entity("service", changedId,
                "{\"id\":\"" + changedId + "\",\"name\":\"changed\",\"host\":\"127.0.0.1\",\"port\":10}");
        SyncedConfig second = first.apply(new Delta(1, 2, "", List.of(changed), List.of()));
        applier.prepare(second).run();

        assertThat(holder.current().services().get(keptId)).isSameAs(before.services().get(keptId));
        assertThat(holder.current().services().get(changedId)).isNotSameAs(before.services().get(changedId));
        assertThat(second.definition(kept, io.gatehouse.gateway.config.ServiceDefinition.class))
            .as("the untouched entity's reading is inherited, not read again")
            .isSameAs(first.definition(kept, io.gatehouse.gateway.config.ServiceDefinition.class));
        assertThat(second.definition(changed, io.gatehouse.gateway.config.ServiceDefinition.class).port()).isEqualTo(10);
    }

    static final String S1 = "11111111-1111-1111-1111-111111111111";
    static final String S2 = "44444444-4444-4444-4444-444444444444";
    static final String R1 = "22222222-2222-2222-2222-222222222222";
    static final String R2 = "33333333-3333-3333-3333-333333333333";

    static SyncEntity service(String id, String name, int port) {
        return entity("service", id, "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"host\":\"127.0.0.1\",\"port\":"
                + port + "}");
    }

    static SyncEntity route(String id, String name, String path, String serviceId) {
        return entity("route", id, "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"paths\":[\"" + path + "\"],"
                + "\"service\":{\"id\":\"" + serviceId + "\"}}");
    }

    static String routed(GatewaySnapshot snapshot, String path) {
        return snapshot.router().match(new io.gatehouse.gateway.router.RequestFacts("GET", "x", path, h -> null))
            .map(match -> match.route().id() + "->" + match.route().serviceId()).orElse("none");
    }

    @Test
    void aDeltaOfRoutesAndServicesIsPatchedIntoTheRunningSnapshotAsACompileWouldMakeIt() throws Exception {
        SyncedConfig first = SyncedConfig.of(1, List.of(service(S1, "one", 9), service(S2, "two", 9),
                route(R1, "r1", "/one", S1)));
        RuntimeApplier applier = new RuntimeApplier(compiler, holder);
        applier.prepare(first).run();
        GatewaySnapshot before = holder.current();
        Delta delta = new Delta(1, 2, "", List.of(route(R2, "r2", "/two", S2), service(S2, "two", 10)), List.of());
        SyncedConfig second = first.apply(delta);

        applier.prepare(first, delta, second).run();

        GatewaySnapshot patched = holder.current();
        assertThat(patched.revision()).isEqualTo(2);
        assertThat(patched.services().get(S1)).as("untouched").isSameAs(before.services().get(S1));
        assertThat(patched.services().get(S2).upstream().targets().get(0).target().port()).isEqualTo(10);
        assertThat(routed(patched, "/two")).isEqualTo(R2 + "->" + S2);
        assertThat(routed(patched, "/one")).isEqualTo(R1 + "->" + S1);
        GatewaySnapshot compiled = new ConfigCompiler(clock, new GatewayMetrics(), counters, config -> counters,
                new SecureRandom(), "test").compile(RuntimeApplier.declarative(second), 2, second.hash(), null, false);
        assertThat(patched.router().size()).isEqualTo(compiled.router().size());
        assertThat(patched.services().keySet()).isEqualTo(compiled.services().keySet());

        Delta deletion = new Delta(2, 3, "", List.of(), List.of(new EntityKey("route", R1), new EntityKey("service", S1)));
        applier.prepare(second, deletion, second.apply(deletion)).run();
        assertThat(routed(holder.current(), "/one")).isEqualTo("none");
        assertThat(holder.current().services()).doesNotContainKey(S1);
    }

    @Test
    void aDeltaThatBreaksAReferenceIsRejectedAndChangesNothing() throws Exception {
        SyncedConfig first = SyncedConfig.of(1, List.of(service(S1, "one", 9), route(R1, "r1", "/one", S1)));
        RuntimeApplier applier = new RuntimeApplier(compiler, holder);
        applier.prepare(first).run();
        GatewaySnapshot before = holder.current();
        Delta deleteService = new Delta(1, 2, "", List.of(), List.of(new EntityKey("service", S1)));
        Delta duplicateName = new Delta(1, 2, "", List.of(service(S2, "one", 9)), List.of());
        Delta danglingRoute = new Delta(1, 2, "", List.of(route(R2, "r2", "/two", S2)), List.of());

        for (Delta delta : List.of(deleteService, duplicateName, danglingRoute)) {
            assertThatThrownBy(() -> applier.prepare(first, delta, first.apply(delta)))
                .isInstanceOf(ConfigApplier.RejectedConfigException.class)
                .satisfies(ex -> assertThat(((ConfigApplier.RejectedConfigException) ex).details()).isNotEmpty());
        }
        assertThat(holder.current()).isSameAs(before);
    }

    @Test
    void aNodeKeepsItsIdAcrossRestarts() throws Exception {
        String first = SyncedGateway.nodeId(directory);

        assertThat(SyncedGateway.nodeId(directory)).isEqualTo(first).hasSize(36);
    }
}
