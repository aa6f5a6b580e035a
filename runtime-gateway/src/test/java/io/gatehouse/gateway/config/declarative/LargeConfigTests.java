package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigNormalizer;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 services with routes, plugins and consumers. References resolve through indexes and the writer
 * groups children once, so the cost grows linearly; a quadratic step would blow the time limit.
 */
class LargeConfigTests {

    private static final int SIZE = 10_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tenThousandServicesValidateExportAndImport() {
        DeclarativeConfig.Builder builder = DeclarativeConfig.builder();
        for (int i = 0; i < SIZE; i++) {
            builder.service(ServiceDefinition.of("svc-" + i, "http://backend-" + i + ".internal:8080"));
            builder.route(RouteDefinition.of("route-" + i, EntityRef.ofName("svc-" + i), List.of("/api/" + i)));
            builder.plugin(PluginDefinition.global("rate-limiting", Map.of("minute", 100 + i))
                .withScope(EntityRef.ofName("svc-" + i), null, null, null));
            builder.consumer(new ConsumerDefinition(null, "user-" + i, null, null, null));
            builder.keyAuth(new KeyAuthCredential(null, "key-" + i + "-0123456789", null, null, EntityRef.ofName("user-" + i)));
        }
        DeclarativeConfig config = builder.build();
        assertThat(ConfigValidator.validate(config)).isEmpty();

        ConfigNormalizer normalizer = new ConfigNormalizer(new SecretHashes(new SecureRandom(), 1_000));
        DeclarativeConfig normalised = normalizer.normalize(config);
        DeclarativeDocument back = DeclarativeReader.read(DeclarativeWriter.toYaml(normalised));
        assertThat(back.violations()).isEmpty();
        assertThat(back.config().routes()).hasSize(SIZE);
        assertThat(back.config().routes().get(SIZE - 1).service()).isEqualTo(EntityRef.ofName("svc-" + (SIZE - 1)));
        assertThat(ConfigHash.of(normalizer.normalize(back.config()))).isEqualTo(ConfigHash.of(normalised));
    }

}
