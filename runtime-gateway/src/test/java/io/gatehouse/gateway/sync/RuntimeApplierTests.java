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

    @Test
    void aNodeKeepsItsIdAcrossRestarts() throws Exception {
        String first = SyncedGateway.nodeId(directory);

        assertThat(SyncedGateway.nodeId(directory)).isEqualTo(first).hasSize(36);
    }
}
