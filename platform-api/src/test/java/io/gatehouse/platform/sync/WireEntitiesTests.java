package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.gateway.sync.SyncedConfig;

/** The hub's cached wire forms must be exactly what encoding and hashing the entities afresh gives. */
class WireEntitiesTests {

    private static final String SERVICE = "6f1c2a34-0000-4000-8000-000000000001";
    private static final String ROUTE = "6f1c2a34-0000-4000-8000-000000000002";

    private static WireEntities.Row service(String document) {
        return new WireEntities.Row(SERVICE, "service", document, new String[6]);
    }

    private static WireEntities.Row route(String document) {
        return new WireEntities.Row(ROUTE, "route", document, new String[] { SERVICE, null, null, null, null, null });
    }

    @Test
    void aSnapshotOfCachedEncodingsIsByteForByteWhatTheCodecWrites() {
        WireEntities forms = new WireEntities();
        List<WireEntities.WireEntity> entities = List.of(
                forms.of(service("{\"name\": \"orders\", \"host\": \"orders.internal\", \"port\": 8080, \"tags\": [\"a \\\"b\\\"\"]}")),
                forms.of(route("{\"name\": \"orders\", \"paths\": [\"/orders\"]}")));
        List<SyncEntity> plain = entities.stream().map(WireEntities.WireEntity::entity).toList();
        String hash = SyncedConfig.hash(plain);

        String text = PlaneFeed.snapshotText(7, hash, entities);

        assertThat(text).isEqualTo(SyncCodec.write(new Snapshot(7, hash, plain)));
        Snapshot read = (Snapshot) SyncCodec.read(text);
        assertThat(SyncedConfig.of(7, read.config()).hash()).isEqualTo(hash);
        // The route travels in normal form, with its service reference as {"id": …}.
        assertThat(read.config().get(1).document().get("service").get("id").asString()).isEqualTo(SERVICE);
        assertThat(read.config().get(1).document().has("strip_path")).isTrue();
    }

    @Test
    void anEmptySnapshotIsWhatTheCodecWrites() {
        String hash = SyncedConfig.hash(List.of());
        assertThat(PlaneFeed.snapshotText(1, hash, List.of())).isEqualTo(SyncCodec.write(new Snapshot(1, hash, List.of())));
    }

    @Test
    void anUnchangedRowReusesItsWireFormAndAChangedOneIsRecomputed() {
        WireEntities forms = new WireEntities();
        WireEntities.WireEntity first = forms.of(service("{\"name\": \"orders\", \"host\": \"a.internal\"}"));

        assertThat(forms.of(service("{\"name\": \"orders\", \"host\": \"a.internal\"}"))).isSameAs(first);
        WireEntities.WireEntity changed = forms.of(service("{\"name\": \"orders\", \"host\": \"b.internal\"}"));
        assertThat(changed).isNotSameAs(first);
        assertThat(changed.digest()).isEqualTo(SyncedConfig.digest(changed.entity())).isNotEqualTo(first.digest());
        assertThat(changed.json()).contains("b.internal");
        // A reference column is part of what identifies the stored version.
        WireEntities.Row moved = new WireEntities.Row(ROUTE, "route", "{\"paths\": [\"/x\"]}", new String[6]);
        WireEntities.WireEntity unbound = forms.of(moved);
        assertThat(forms.of(route("{\"paths\": [\"/x\"]}"))).isNotSameAs(unbound);
        forms.forget(ROUTE);
        assertThat(forms.size()).isEqualTo(1);
    }
}
