package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigNormalizer;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import org.junit.jupiter.api.Test;

/** The flat JSON of a normalised config is what config sync sends; it must come back identical. */
class FlatJsonTests {

    @Test
    void normalisedConfigSurvivesFlatJson() {
        DeclarativeConfig normalised = new ConfigNormalizer(new SecretHashes(new SecureRandom(), 1_000))
            .normalize(FullConfigRoundTripTests.everything());
        String json = ConfigJson.json().writeValueAsString(normalised);
        DeclarativeConfig back = ConfigJson.json().readValue(json, DeclarativeConfig.class);
        assertThat(back).isEqualTo(normalised);
        assertThat(ConfigHash.of(back)).isEqualTo(ConfigHash.of(normalised));
        assertThat(json).contains("\"keyauth_credentials\"", "\"key_hash\"", "\"password_hash\"")
            .doesNotContain("ann-key-1", "ann-password");
    }

    @Test
    void emptyConfigIsAnEmptyObject() {
        assertThat(ConfigJson.json().writeValueAsString(DeclarativeConfig.empty())).isEqualTo("{}");
        assertThat(ConfigJson.json().readValue("{}", DeclarativeConfig.class)).isEqualTo(DeclarativeConfig.empty());
    }

}
