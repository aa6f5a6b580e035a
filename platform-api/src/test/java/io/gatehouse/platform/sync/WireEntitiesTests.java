package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.EntityTypes;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.gateway.sync.SyncedConfig;
import io.gatehouse.platform.gateways.entities.WireForm;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the hub sends is made of stored wire forms spliced into the protocol's envelopes: it must read as the
 * protocol's messages, hash as the config hash, and carry each document as exactly the canonical JSON that
 * {@link ConfigHash} digests, so a gateway can digest the bytes it received.
 */
class WireEntitiesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SERVICE = "6f1c2a34-0000-4000-8000-000000000001";
    private static final String ROUTE = "6f1c2a34-0000-4000-8000-000000000002";
    private static final String PLUGIN = "6f1c2a34-0000-4000-8000-000000000003";

    private static WireEntities.Source service(String document) {
        return new WireEntities.Source(SERVICE, "service", document, new String[6], "1");
    }

    private static WireEntities.Source route(String document) {
        return new WireEntities.Source(ROUTE, "route", document, new String[] { SERVICE, null, null, null, null, null }, "1");
    }

    private static WireEntities.Source plugin(String document) {
        return new WireEntities.Source(PLUGIN, "plugin", document, new String[] { SERVICE, null, null, null, null, null }, "1");
    }

    private static WireEntities.WireEntity wire(WireEntities.Source source) {
        return WireEntities.WireEntity.of(source.type(), source.id(), source.wireForm());
    }

    /** The normal form of a stored row as the config language defines it: id, document, references as {"id": …}. */
    private static JsonNode normalForm(WireEntities.Source source) {
        ObjectNode document = JSON.createObjectNode().put("id", source.id());
        document.setAll((ObjectNode) JSON.readTree(source.document()));
        if (source.references()[0] != null) {
            document.putObject("service").put("id", source.references()[0]);
        }
        return EntityTypes.normalForm(EntityTypes.find(source.type()).orElseThrow(), document);
    }

    private static List<WireEntities.Source> sources() {
        return List.of(
                service("{\"name\": \"orders\", \"host\": \"orders.internal\", \"port\": 8080, \"tags\": [\"a \\\"b\\\"\", \"ünï\"],"
                        + " \"connect_timeout\": 60000}"),
                route("{\"name\": \"orders\", \"paths\": [\"/orders\"], \"hosts\": [\"b.example\", \"a.example\"]}"),
                plugin("{\"name\": \"rate-limiting\", \"config\": {\"minute\": 5.0, \"policy\": \"local\"}}"));
    }

    @Test
    void eachDocumentIsSentAsExactlyTheCanonicalJsonOfItsNormalForm() {
        List<WireEntities.Source> sources = sources();
        List<WireEntities.WireEntity> entities = sources.stream().map(WireEntitiesTests::wire).toList();
        // The config hash recombined from the digests alone, in (type, id) order as the feed keeps them.
        TreeMap<EntityKey, byte[]> digests = new TreeMap<>();
        entities.forEach(entity -> digests.put(entity.key(), entity.digest()));
        String hash = ConfigHash.combine(digests.values());

        String text = WireEntities.snapshotText(7, hash, entities);

        List<String> sent = documentTexts(text);
        assertThat(sent).hasSize(3);
        for (int i = 0; i < sources.size(); i++) {
            JsonNode normal = normalForm(sources.get(i));
            assertThat(sent.get(i)).isEqualTo(ConfigHash.canonicalJson(normal));
            assertThat(entities.get(i).digest()).isEqualTo(ConfigHash.digest(sources.get(i).type(), sources.get(i).id(), normal));
        }
        // Integral decimals travel as integers, members sorted by name, no whitespace.
        assertThat(sent.get(0)).contains("\"connect_timeout\":60000,").doesNotContain(": ");
        assertThat(sent.get(2)).contains("\"minute\":5,");
        Snapshot read = (Snapshot) SyncCodec.read(text);
        assertThat(SyncedConfig.of(7, read.config()).hash()).isEqualTo(hash);
        assertThat(read.config().get(1).document().get("service").get("id").asString()).isEqualTo(SERVICE);
        assertThat(read.config().get(1).document().has("strip_path")).isTrue();
    }

    @Test
    void aSplicedSnapshotIsWhatTheCodecWritesForTheSameEntities() {
        List<WireEntities.WireEntity> entities = sources().stream().map(WireEntitiesTests::wire).toList();
        List<SyncEntity> plain = entities.stream().map(WireEntities.WireEntity::entity).toList();
        String hash = SyncedConfig.hash(plain);

        assertThat(WireEntities.snapshotText(7, hash, entities)).isEqualTo(SyncCodec.write(new Snapshot(7, hash, plain)));
        assertThat(WireEntities.snapshotText(1, hash, List.of())).isEqualTo(SyncCodec.write(new Snapshot(1, hash, List.of())));
    }

    @Test
    void aSplicedDeltaIsWhatTheCodecWritesAndCarriesCanonicalDocuments() {
        WireEntities.WireEntity route = wire(sources().get(1));
        List<EntityKey> deletes = List.of(new EntityKey("service", SERVICE));

        String text = WireEntities.deltaText(3, 4, "sha256:x", List.of(route), deletes);

        assertThat(text).isEqualTo(SyncCodec.write(new Delta(3, 4, "sha256:x", List.of(route.entity()), deletes)));
        assertThat(documentTexts(text)).containsExactly(route.document());
        Delta read = (Delta) SyncCodec.read(text);
        assertThat(read.upserts()).containsExactly(route.entity());
        assertThat(read.deletes()).isEqualTo(deletes);
        assertThat(WireEntities.deltaText(3, 4, "sha256:x", List.of(), List.of()))
                .isEqualTo(SyncCodec.write(new Delta(3, 4, "sha256:x", List.of(), List.of())));
    }

    @Test
    void aPluginKnowsItsNameAndADocumentTheLanguageCannotReadTravelsAsStoredInCanonicalForm() {
        assertThat(wire(sources().get(2)).plugin()).isEqualTo("rate-limiting");
        assertThat(wire(sources().get(0)).plugin()).isNull();

        WireEntities.Source unknown = service("{\"name\": \"x\", \"from_the_future\": {\"b\": 1.0, \"a\": true}}");
        WireForm form = unknown.wireForm();
        assertThat(form.document()).isEqualTo("{\"from_the_future\":{\"a\":true,\"b\":1},\"id\":\"" + SERVICE + "\",\"name\":\"x\"}");
        assertThat(form.digest()).isEqualTo(ConfigHash.digest("service", SERVICE, JSON.readTree(form.document())));
    }

    /** The raw text of every {@code document} member of a message, exactly as it appears in it. */
    static List<String> documentTexts(String message) {
        List<String> documents = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(message)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.PROPERTY_NAME && parser.currentName().equals("document")) {
                    parser.nextToken();
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getCharOffset();
                    documents.add(message.substring(start, end));
                }
            }
        }
        return documents;
    }
}
