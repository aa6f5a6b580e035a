package io.gatehouse.gateway.plugins.keyauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.Consumers;

/** A key-auth credential with {@code expires_at} works up to the second before and never from that second on. */
class KeyExpiryTests {

    private static final long EXPIRES = 1_800_000_000L;

    private final Consumers consumers = Consumers.of(
            List.of(new ConsumerDefinition("c-1", "app", null, List.of(), List.of())),
            List.of(new KeyAuthCredential("k-1", null, SecretHashes.keyHash("old-key"), List.of(), EntityRef.ofName("app"),
                    EXPIRES),
                    new KeyAuthCredential("k-2", null, SecretHashes.keyHash("new-key"), List.of(), EntityRef.ofName("app"))),
            List.of(), List.of(), List.of());

    @Test
    void anExpiredKeyIsUnknownWhileAKeyWithoutExpiryKeepsWorking() {
        assertThat(consumers.byApiKey("old-key", EXPIRES - 1)).map(Consumer::credentialId).contains("k-1");
        assertThat(consumers.byApiKey("old-key", EXPIRES)).isEmpty();
        assertThat(consumers.byApiKey("new-key", EXPIRES + 1_000_000)).map(Consumer::credentialId).contains("k-2");
    }

    @Test
    void expiresAtIsPartOfTheConfigLanguageAndSurvivesHashing() {
        KeyAuthCredential read = ConfigJson.json().readValue(
                "{\"key\":\"clear\",\"expires_at\":" + EXPIRES + ",\"consumer\":{\"name\":\"app\"}}",
                KeyAuthCredential.class);
        assertThat(read.expiresAt()).isEqualTo(EXPIRES);
        assertThat(read.hashed().expiresAt()).isEqualTo(EXPIRES);
        assertThat(read.hashed().key()).isNull();
    }
}
