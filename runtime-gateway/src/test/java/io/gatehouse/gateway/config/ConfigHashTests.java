package io.gatehouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.secrets.SecretHashes;
import org.junit.jupiter.api.Test;

class ConfigHashTests {

    private static DeclarativeConfig config(ServiceDefinition... services) {
        DeclarativeConfig.Builder builder = DeclarativeConfig.builder();
        for (ServiceDefinition service : services) {
            builder.service(service);
        }
        return builder.build();
    }

    @Test
    void isSha256HexAndStable() {
        String hash = ConfigHash.of(config(ServiceDefinition.of("a", "http://a")));
        assertThat(hash).matches("sha256:[0-9a-f]{64}");
        assertThat(ConfigHash.of(config(ServiceDefinition.of("a", "http://a")))).isEqualTo(hash);
        assertThat(ConfigHash.of(DeclarativeConfig.empty())).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void entityOrderDoesNotMatter() {
        ServiceDefinition a = ServiceDefinition.of("a", "http://a");
        ServiceDefinition b = ServiceDefinition.of("b", "http://b");
        assertThat(ConfigHash.of(config(a, b))).isEqualTo(ConfigHash.of(config(b, a)));
    }

    @Test
    void anyChangeChangesTheHash() {
        assertThat(ConfigHash.of(config(ServiceDefinition.of("a", "http://a"))))
            .isNotEqualTo(ConfigHash.of(config(ServiceDefinition.of("a", "http://a:81"))));
    }

    @Test
    void integralDecimalsHashLikeIntegers() {
        DeclarativeConfig asInt = DeclarativeConfig.builder()
            .plugin(PluginDefinition.global("http-log", Map.of("timeout", 1000)))
            .build();
        DeclarativeConfig asDouble = DeclarativeConfig.builder()
            .plugin(PluginDefinition.global("http-log", Map.of("timeout", 1000.0)))
            .build();
        assertThat(ConfigHash.of(asInt)).isEqualTo(ConfigHash.of(asDouble));
        assertThat(ConfigHash.canonicalJson(ConfigJson.json().readTree("{\"timeout\":1000.0,\"ratio\":0.50}")))
            .isEqualTo("{\"ratio\":0.5,\"timeout\":1000}");
    }

    @Test
    void canonicalJsonSortsKeys() {
        String json = ConfigHash.canonicalJson(EntityTypes.normalForm(ServiceDefinition.of("a", "http://a")));
        assertThat(json.indexOf("\"connect_timeout\"")).isLessThan(json.indexOf("\"host\""));
        assertThat(json.indexOf("\"host\"")).isLessThan(json.indexOf("\"name\""));
    }

    @Test
    void normalisedConfigsHashAlikeWhateverTheSpellingOfDefaultsAndReferences() {
        ConfigNormalizer normalizer = new ConfigNormalizer(new SecretHashes(new SecureRandom(), 1_000));
        String id = "0f6b3a52-3f1e-4a8e-9f43-1b2c3d4e5f60";
        DeclarativeConfig terse = DeclarativeConfig.builder()
            .service(ServiceDefinition.of("a", "http://a").withId(id))
            .route(RouteDefinition.of("r", EntityRef.ofName("a"), List.of("/")))
            .plugin(PluginDefinition.global("cors", Map.of()))
            .build();
        DeclarativeConfig explicit = DeclarativeConfig.builder()
            .service(ServiceDefinition.of("a", "http://a").withId(id))
            .route(RouteDefinition.of("r", EntityRef.ofId(id), List.of("/")))
            .plugin(PluginDefinition.global("cors", Map.of("credentials", false, "preflight_continue", false)))
            .build();
        assertThat(ConfigHash.of(normalizer.normalize(terse))).isEqualTo(ConfigHash.of(normalizer.normalize(explicit)));
    }

}
