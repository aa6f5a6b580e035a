package io.gatehouse.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SyncedConfigTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static SyncEntity entity(String type, String id, String json) {
        return new SyncEntity(type, id, JSON.readTree(json));
    }

    @Test
    void theHashDoesNotDependOnMemberOrderOrEntityOrder() {
        SyncEntity a = entity("service", "s1", "{\"name\":\"a\",\"port\":80}");
        SyncEntity b = entity("route", "r1", "{\"paths\":[\"/a\"],\"name\":\"r\"}");
        SyncEntity aReordered = entity("service", "s1", "{\"port\":80,\"name\":\"a\"}");

        assertThat(ConfigHash.of(List.of(a, b))).isEqualTo(ConfigHash.of(List.of(b, aReordered)))
            .startsWith(ConfigHash.PREFIX);
    }

    @Test
    void theHashChangesWithAnyValue() {
        SyncEntity a = entity("service", "s1", "{\"name\":\"a\",\"port\":80}");
        SyncEntity a2 = entity("service", "s1", "{\"name\":\"a\",\"port\":81}");
        SyncEntity aAsString = entity("service", "s1", "{\"name\":\"a\",\"port\":\"80\"}");

        assertThat(ConfigHash.of(List.of(a))).isNotEqualTo(ConfigHash.of(List.of(a2)))
            .isNotEqualTo(ConfigHash.of(List.of(aAsString)));
    }

    @Test
    void applyingADeltaGivesTheSameHashAsTheFullConfig() {
        SyncEntity service = entity("service", "s1", "{\"name\":\"a\",\"host\":\"example.com\"}");
        SyncEntity route = entity("route", "r1", "{\"name\":\"r\",\"paths\":[\"/a\"]}");
        SyncEntity route2 = entity("route", "r2", "{\"name\":\"r2\",\"paths\":[\"/b\"]}");
        SyncedConfig before = SyncedConfig.of(3, List.of(service, route));

        SyncedConfig after = before
            .apply(new Delta(3, 4, "", List.of(route2), List.of(new EntityKey("route", "r1"))));

        assertThat(after.revision()).isEqualTo(4);
        assertThat(after.hash()).isEqualTo(SyncedConfig.of(4, List.of(service, route2)).hash());
        assertThat(after.ofType("route")).extracting(SyncEntity::id).containsExactly("r2");
        assertThat(before.ofType("route")).extracting(SyncEntity::id).containsExactly("r1");
    }

    @Test
    void messagesRoundTripWithSnakeCaseNames() {
        JsonNode document = JSON.readTree("{\"name\":\"a\"}");
        Delta delta = new Delta(1, 2, "sha256:x", List.of(new SyncEntity("service", "s1", document)),
                List.of(new EntityKey("route", "r1")));

        String text = SyncCodec.write(delta);

        assertThat(text).contains("\"type\":\"delta\"").contains("\"from_revision\":1");
        assertThat(SyncCodec.read(text)).isEqualTo(delta);
        assertThat(SyncCodec.read("{\"type\":\"hello\",\"protocol_version\":1,\"node_id\":\"n\",\"revision\":0,"
                + "\"a_future_field\":true}"))
            .isEqualTo(new Hello(1, "n", null, null, List.of(), 0, ""));
    }

    @Test
    void aTextThatIsNotAMessageIsRejectedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyncCodec.read("{\"type\":\"launch\"}"))
            .isInstanceOf(SyncCodec.MalformedMessageException.class)
            .hasMessageStartingWith("not a sync message");
    }

    @Test
    void theCheckRejectsUnknownTypesAndFieldsTheGatewayDoesNotKnow() {
        SyncedConfig config = SyncedConfig.of(1, List.of(
                entity("service", "s1", "{\"name\":\"a\",\"host\":\"example.com\"}"),
                entity("route", "r1", "{\"name\":\"r\",\"paths\":[\"/a\"],\"teleport\":true}"),
                entity("wormhole", "w1", "{}")));

        assertThat(ConfigCheck.problems(config)).hasSize(2)
            .anySatisfy(p -> assertThat(p).startsWith("route r1:").contains("teleport"))
            .anySatisfy(p -> assertThat(p).isEqualTo("wormhole w1: unknown entity type"));
    }
}
