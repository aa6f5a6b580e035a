package io.gatehouse.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.EntityTypes;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;

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

        assertThat(SyncedConfig.hash(List.of(a, b))).isEqualTo(SyncedConfig.hash(List.of(b, aReordered)))
            .startsWith(io.gatehouse.gateway.config.ConfigHash.PREFIX);
    }

    @Test
    void theHashChangesWithAnyValue() {
        SyncEntity a = entity("service", "s1", "{\"name\":\"a\",\"port\":80}");
        SyncEntity a2 = entity("service", "s1", "{\"name\":\"a\",\"port\":81}");
        SyncEntity aAsString = entity("service", "s1", "{\"name\":\"a\",\"port\":\"80\"}");

        assertThat(SyncedConfig.hash(List.of(a))).isNotEqualTo(SyncedConfig.hash(List.of(a2)))
            .isNotEqualTo(SyncedConfig.hash(List.of(aAsString)));
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
    void aConfigHashesAlikeFromAFileFromASnapshotAndAfterADelta() {
        String serviceId = "0f6b3a52-3f1e-4a8e-9f43-1b2c3d4e5f60";
        ServiceDefinition service = ServiceDefinition.of("orders", "http://orders.internal:8080").withId(serviceId);
        RouteDefinition route = RouteDefinition.of("orders", EntityRef.ofId(serviceId), List.of("/orders"))
            .withId("5a0c0d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e");
        PluginDefinition cors = PluginDefinition.global("cors", Map.of()).withId("7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f");
        String fromFile = ConfigHash.of(DeclarativeConfig.builder().service(service).route(route).plugin(cors).build());

        SyncEntity serviceEntity = new SyncEntity("service", serviceId, EntityTypes.normalForm(service));
        SyncEntity routeEntity = new SyncEntity("route", route.id(), EntityTypes.normalForm(route));
        SyncEntity corsEntity = new SyncEntity("plugin", cors.id(), EntityTypes.normalForm(cors));
        SyncedConfig fromSnapshot = SyncedConfig.of(3, List.of(corsEntity, routeEntity, serviceEntity));
        SyncedConfig afterDelta = SyncedConfig.of(2, List.of(serviceEntity))
            .apply(new Delta(2, 3, "", List.of(routeEntity, corsEntity), List.of()));

        assertThat(fromSnapshot.hash()).isEqualTo(fromFile).startsWith(ConfigHash.PREFIX);
        assertThat(afterDelta.hash()).isEqualTo(fromFile);
        assertThat(corsEntity.document().get("config").has("credentials"))
            .as("the normal form holds the plugin's defaults").isTrue();
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
    void documentsTravelAsCanonicalJsonAndAreDigestedFromTheBytesReceived() {
        SyncEntity route = entity("route", "r1", "{ \"paths\": [\"/a\"], \"name\": \"r\", \"weight\": 1.0 }");
        Snapshot sent = new Snapshot(4, SyncedConfig.hash(List.of(route)), List.of(route));

        byte[] wire = SyncCodec.write(sent).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Snapshot received = (Snapshot) SyncCodec.read(wire);

        assertThat(new String(received.config().get(0).json(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo("{\"name\":\"r\",\"paths\":[\"/a\"],\"weight\":1}")
            .isEqualTo(ConfigHash.canonicalJson(route.document()));
        assertThat(received.config().get(0).digest())
            .isEqualTo(ConfigHash.digest("route", "r1", route.document()));
        assertThat(SyncedConfig.of(4, received.config()).hash()).isEqualTo(sent.hash());
    }

    @Test
    void documentsFromASenderThatDoesNotWriteCanonicalJsonHashAfterCanonicalizing() {
        String text = "{\"type\":\"snapshot\",\"revision\":2,\"hash\":\"" + SyncedConfig.hash(List.of(
                entity("service", "s1", "{\"name\":\"a\",\"port\":80}")))
                + "\",\"config\":[{\"document\": {\"port\": 80, \"name\": \"a\"}, \"id\":\"s1\",\"type\":\"service\"}]}";

        Snapshot received = (Snapshot) SyncCodec.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SyncedConfig asReceived = SyncedConfig.of(2, received.config());

        assertThat(new String(received.config().get(0).json(), java.nio.charset.StandardCharsets.UTF_8))
            .as("the bytes as sent").isEqualTo("{\"port\": 80, \"name\": \"a\"}");
        assertThat(asReceived.hash()).isNotEqualTo(received.hash());
        assertThat(asReceived.canonicalized().hash()).isEqualTo(received.hash());
        assertThat(SyncedConfig.of(1, List.of()).apply(new Delta(1, 2, "", received.config(), List.of()), true).hash())
            .isEqualTo(received.hash());
    }

    @Test
    void aMessageWhoseTypeComesLastIsReadAsTreesAndStillHashesAlike() {
        SyncEntity service = entity("service", "s1", "{\"name\":\"a\",\"tags\":[\"x\",\"y\"],\"port\":80}");
        String hash = SyncedConfig.hash(List.of(service));
        String text = "{\"revision\":3,\"config\":[{\"id\":\"s1\",\"document\":{\"tags\":[\"x\",\"y\"],\"port\":80,"
                + "\"name\":\"a\"},\"type\":\"service\"}],\"hash\":\"" + hash + "\",\"type\":\"snapshot\"}";

        Snapshot received = (Snapshot) SyncCodec.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(received.config()).containsExactly(service);
        assertThat(SyncedConfig.of(3, received.config()).hash()).isEqualTo(hash);
    }

    @Test
    void aDocumentThatIsNotAnObjectIsReportedNotDropped() {
        String text = "{\"type\":\"snapshot\",\"revision\":3,\"hash\":\"x\",\"config\":[{\"type\":\"service\","
                + "\"id\":\"s1\",\"document\":\"not an object\"},{\"type\":\"route\",\"id\":\"r1\",\"document\":null}]}";

        Snapshot received = (Snapshot) SyncCodec.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(ConfigCheck.problems(SyncedConfig.of(3, received.config())))
            .containsExactly("route r1: the document is not a JSON object",
                    "service s1: the document is not a JSON object");
    }

    @Test
    void theDiffOfTwoConfigsIsTheDeltaBetweenThem() {
        SyncEntity a = entity("service", "s1", "{\"name\":\"a\"}");
        SyncEntity b = entity("service", "s2", "{\"name\":\"b\"}");
        SyncEntity b2 = entity("service", "s2", "{\"name\":\"b2\"}");
        SyncEntity c = entity("route", "r1", "{\"name\":\"c\"}");
        SyncedConfig before = SyncedConfig.of(4, List.of(a, b));
        SyncedConfig after = SyncedConfig.of(9, List.of(b2, c));

        Delta delta = before.diff(after, 10);

        assertThat(delta.fromRevision()).isEqualTo(4);
        assertThat(delta.revision()).isEqualTo(9);
        assertThat(delta.upserts()).containsExactlyInAnyOrder(b2, c);
        assertThat(delta.deletes()).containsExactly(a.key());
        assertThat(before.apply(delta).hash()).isEqualTo(after.hash()).isEqualTo(delta.hash());
        assertThat(before.diff(after, 2)).as("more changes than the limit").isNull();
        assertThat(after.diff(after, 0).upserts()).isEmpty();
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
