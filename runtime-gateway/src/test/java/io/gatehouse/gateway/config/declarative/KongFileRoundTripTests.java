package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigNormalizer;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KongFileRoundTripTests {

    private static final String BASIC = Resources.text("/kong/kong-basic.yaml");

    private final ConfigNormalizer normalizer = new ConfigNormalizer(new SecretHashes(new SecureRandom(), 1_000));

    private static JsonNode yamlTree(String yaml) {
        return ConfigJson.yaml().readTree(yaml);
    }

    @Test
    void kongBasicFileImportsCleanly() {
        DeclarativeDocument document = DeclarativeReader.read(BASIC);
        assertThat(document.violations()).isEmpty();
        DeclarativeConfig config = document.config();
        assertThat(config.services()).extracting(s -> s.name()).containsExactly("orders", "inventory");
        assertThat(config.services().get(0).port()).isEqualTo(8080);
        assertThat(config.routes()).extracting(RouteDefinition::name)
            .containsExactly("orders-api", "order-by-id", "inventory-api");
        assertThat(config.routes().get(0).service()).isEqualTo(EntityRef.ofName("orders"));
        assertThat(config.routes().get(2).service()).isEqualTo(EntityRef.ofName("inventory"));
        assertThat(config.targets()).allSatisfy(t -> assertThat(t.upstream()).isEqualTo(EntityRef.ofName("inventory.upstream")));
        assertThat(config.keyAuthCredentials()).extracting(k -> k.consumer())
            .containsExactly(EntityRef.ofName("mobile-app"), EntityRef.ofName("web-portal"));
        assertThat(config.plugins()).extracting(PluginDefinition::name)
            .containsExactly("key-auth", "rate-limiting", "request-transformer", "rate-limiting", "correlation-id",
                    "prometheus");
        assertThat(config.plugins().get(0).service()).isEqualTo(EntityRef.ofName("orders"));
        assertThat(config.plugins().get(2).route()).isEqualTo(EntityRef.ofName("order-by-id"));
        assertThat(config.plugins().get(3).consumer()).isEqualTo(EntityRef.ofName("web-portal"));
        assertThat(config.plugins().get(4).isGlobal()).isTrue();
    }

    @Test
    void kongBasicFileExportsUnchanged() {
        DeclarativeConfig config = DeclarativeReader.read(BASIC).requireValid();
        assertThat(yamlTree(DeclarativeWriter.toYaml(config))).isEqualTo(yamlTree(BASIC));
    }

    @Test
    void jsonExportReadsBackToTheSameConfig() {
        DeclarativeConfig config = DeclarativeReader.read(BASIC).requireValid();
        String json = DeclarativeWriter.toJson(config);
        assertThat(json).startsWith("{").contains("\"_format_version\" : \"3.0\"");
        SameEntities.assertSameEntities(DeclarativeReader.read(json).requireValid(), config);
    }

    @Test
    void normalisedExportCarriesOnlyKeyHashes() {
        DeclarativeConfig normalised = normalizer.normalize(DeclarativeReader.read(BASIC).requireValid());
        String exported = DeclarativeWriter.toYaml(normalised);
        assertThat(exported).doesNotContain("mobile-app-secret-key-0001", "web-portal-secret-key-0002")
            .contains("key_hash: " + SecretHashes.keyHash("mobile-app-secret-key-0001"));
        DeclarativeConfig reimported = DeclarativeReader.read(exported).requireValid();
        SameEntities.assertSameEntities(normalizer.normalize(reimported), normalised);
        assertThat(ConfigHash.of(normalizer.normalize(reimported))).isEqualTo(ConfigHash.of(normalised));
    }

    @Test
    void aKongDumpWithEveryDefaultSpelledOutRoundTripsLosslessly() {
        DeclarativeDocument dump = DeclarativeReader.read(Resources.text("/kong/kong-dump.yaml"));
        assertThat(dump.violations()).isEmpty();
        DeclarativeConfig config = dump.config();
        String exported = DeclarativeWriter.toYaml(config);
        assertThat(exported).doesNotContain("connect_timeout", "strip_path", "error_code");
        // plugin configs come back without their spelled-out defaults; normalising fills them in again
        DeclarativeConfig reimported = DeclarativeReader.read(exported).requireValid();
        assertThat(reimported.services()).isEqualTo(config.services());
        assertThat(reimported.routes()).isEqualTo(config.routes());
        SameEntities.assertSameEntities(normalizer.normalize(reimported), normalizer.normalize(config));
    }

    @Test
    void exportNestsWhatHasAParentAndKeepsTheRestTopLevel() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .route(RouteDefinition.of("orphan", null, List.of("/x")))
            .plugin(PluginDefinition.global("cors", java.util.Map.of())
                .withScope(EntityRef.ofName("svc"), EntityRef.ofName("orphan"), null, null))
            .build();
        JsonNode tree = DeclarativeWriter.toTree(config);
        assertThat(tree.get("routes").get(0).get("name").stringValue()).isEqualTo("orphan");
        assertThat(tree.get("plugins").get(0).get("service").stringValue()).isEqualTo("svc");
        assertThat(tree.has("services")).isFalse();
    }

}
