package io.gatehouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.secrets.SecretHashes;
import org.junit.jupiter.api.Test;

class ConfigNormalizerTests {

    private final ConfigNormalizer normalizer = new ConfigNormalizer(new SecretHashes(new SecureRandom(), 1_000));

    private final DeclarativeConfig input = DeclarativeConfig.builder()
        .consumer(new ConsumerDefinition("0f6b3a52-3f1e-4a8e-9f43-1b2c3d4e5f60", "ann", null, null, null))
        .keyAuth(new KeyAuthCredential(null, "ann-key", null, null, EntityRef.ofName("ann")))
        .basicAuth(new BasicAuthCredential(null, "ann", "s3cret", null, null, EntityRef.ofName("ann")))
        .plugin(PluginDefinition.global("rate-limiting", Map.of("minute", 5)))
        .build();

    @Test
    void replacesClearSecretsByHashes() {
        DeclarativeConfig normalised = normalizer.normalize(input);
        KeyAuthCredential key = normalised.keyAuthCredentials().get(0);
        assertThat(key.key()).isNull();
        assertThat(key.keyHash()).isEqualTo(SecretHashes.keyHash("ann-key"));
        BasicAuthCredential basic = normalised.basicAuthCredentials().get(0);
        assertThat(basic.password()).isNull();
        assertThat(SecretHashes.verifyPassword("s3cret", basic.passwordHash())).isTrue();
        assertThat(ConfigJson.json().writeValueAsString(normalised)).doesNotContain("ann-key\"", "s3cret");
    }

    @Test
    void fillsPluginDefaultsAndPointsReferencesAtIds() {
        DeclarativeConfig normalised = normalizer.normalize(input);
        assertThat(normalised.plugins().get(0).config()).containsEntry("minute", 5)
            .containsEntry("policy", "local")
            .containsEntry("limit_by", "consumer")
            .doesNotContainKey("second");
        assertThat(normalised.keyAuthCredentials().get(0).consumer())
            .isEqualTo(EntityRef.ofId("0f6b3a52-3f1e-4a8e-9f43-1b2c3d4e5f60"));
    }

    @Test
    void isIdempotent() {
        DeclarativeConfig once = normalizer.normalize(input);
        assertThat(normalizer.normalize(once)).isEqualTo(once);
    }

    @Test
    void leavesUnknownPluginsAndDanglingReferencesAlone() {
        DeclarativeConfig odd = DeclarativeConfig.builder()
            .plugin(PluginDefinition.global("not-a-plugin", Map.of("x", 1)))
            .acl(new AclGroup(null, "g", List.of(), EntityRef.ofName("nobody")))
            .build();
        DeclarativeConfig normalised = normalizer.normalize(odd);
        assertThat(normalised.plugins().get(0).config()).isEqualTo(Map.of("x", 1));
        assertThat(normalised.acls().get(0).consumer()).isEqualTo(EntityRef.ofName("nobody"));
    }

}
