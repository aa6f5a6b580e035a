package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import org.junit.jupiter.api.Test;

class ConsumerValidationTests {

    private static <T> T read(String json, Class<T> type) {
        return ConfigJson.json().readValue(json, type);
    }

    private static ConfigViolation violation(String path, String message) {
        return new ConfigViolation(path, message);
    }

    @Test
    void consumerNeedsUsernameOrCustomId() {
        assertThat(ConfigValidator.validateConsumer(read("{\"username\":\"ann\"}", ConsumerDefinition.class))).isEmpty();
        assertThat(ConfigValidator.validateConsumer(read("{\"custom_id\":\"42\"}", ConsumerDefinition.class))).isEmpty();
        assertThat(ConfigValidator.validateConsumer(read("{\"tags\":[\"a\"]}", ConsumerDefinition.class)))
            .containsExactly(violation("username", ConfigMessages.CONSUMER_NEEDS_IDENTITY));
        assertThat(ConfigValidator.validateConsumer(read("{\"username\":\" \"}", ConsumerDefinition.class)))
            .containsExactly(violation("username", ConfigMessages.BLANK));
    }

    @Test
    void consumerGroupNeedsAName() {
        assertThat(ConfigValidator.validateConsumerGroup(read("{}", ConsumerGroupDefinition.class)))
            .containsExactly(violation("name", ConfigMessages.REQUIRED));
        assertThat(ConfigValidator.validateConsumerGroup(read("{\"name\":\"gold tier\"}", ConsumerGroupDefinition.class)))
            .containsExactly(violation("name", ConfigMessages.INVALID_NAME));
    }

    @Test
    void keyAuthHoldsExactlyOneOfKeyOrHash() {
        assertThat(ConfigValidator.validateKeyAuth(read("{\"key\":\"k-123\"}", KeyAuthCredential.class))).isEmpty();
        assertThat(ConfigValidator.validateKeyAuth(
                read("{\"key_hash\":\"" + SecretHashes.keyHash("k") + "\"}", KeyAuthCredential.class))).isEmpty();
        assertThat(ConfigValidator.validateKeyAuth(read("{}", KeyAuthCredential.class)))
            .containsExactly(violation("key", "exactly one of key or key_hash is required"));
        assertThat(ConfigValidator.validateKeyAuth(
                read("{\"key\":\"a\",\"key_hash\":\"" + SecretHashes.keyHash("a") + "\"}", KeyAuthCredential.class)))
            .containsExactly(violation("key", "exactly one of key or key_hash is required"));
        assertThat(ConfigValidator.validateKeyAuth(read("{\"key_hash\":\"abc\"}", KeyAuthCredential.class)))
            .containsExactly(violation("key_hash", ConfigMessages.INVALID_KEY_HASH));
    }

    @Test
    void basicAuthNeedsUsernameAndPasswordOrHash() {
        assertThat(ConfigValidator.validateBasicAuth(
                read("{\"username\":\"ann\",\"password\":\"pw\"}", BasicAuthCredential.class))).isEmpty();
        assertThat(ConfigValidator.validateBasicAuth(read("{}", BasicAuthCredential.class)))
            .containsExactly(violation("username", ConfigMessages.REQUIRED),
                    violation("password", "exactly one of password or password_hash is required"));
        assertThat(ConfigValidator.validateBasicAuth(
                read("{\"username\":\"ann\",\"password_hash\":\"sha1:abc\"}", BasicAuthCredential.class)))
            .containsExactly(violation("password_hash", ConfigMessages.INVALID_PASSWORD_HASH));
    }

    @Test
    void jwtNeedsTheSecretOrPublicKeyItsAlgorithmUses() {
        assertThat(ConfigValidator.validateJwt(read("{\"key\":\"iss-1\",\"secret\":\"s\"}", JwtCredential.class))).isEmpty();
        assertThat(ConfigValidator.validateJwt(read("{\"key\":\"iss-1\"}", JwtCredential.class)))
            .containsExactly(violation("secret", ConfigMessages.REQUIRED));
        assertThat(ConfigValidator.validateJwt(read("{\"key\":\"iss-1\",\"algorithm\":\"RS256\"}", JwtCredential.class)))
            .containsExactly(violation("rsa_public_key", "required for RS256"));
        assertThat(ConfigValidator.validateJwt(new JwtCredential(null, "iss", "RS256", null,
                Fixtures.pem("rsa-public.pem"), null, null))).isEmpty();
        assertThat(ConfigValidator.validateJwt(new JwtCredential(null, "iss", "RS256", null,
                Fixtures.pem("rsa-public-pkcs1.pem"), null, null))).isEmpty();
        assertThat(ConfigValidator.validateJwt(new JwtCredential(null, "iss", "ES256", null,
                Fixtures.pem("ec-public.pem"), null, null))).isEmpty();
        assertThat(ConfigValidator.validateJwt(new JwtCredential(null, "iss", "ES256", null,
                Fixtures.pem("rsa-public.pem"), null, null)))
            .containsExactly(violation("rsa_public_key", "must be a PEM EC public key"));
        assertThat(ConfigValidator.validateJwt(read("{\"key\":\"i\",\"algorithm\":\"none\"}", JwtCredential.class)))
            .containsExactly(violation("algorithm", "expected one of: HS256, RS256, ES256"));
        assertThat(ConfigValidator.validateJwt(read("{\"secret\":\"s\"}", JwtCredential.class)))
            .containsExactly(violation("key", ConfigMessages.REQUIRED));
    }

    @Test
    void aclNeedsAGroup() {
        assertThat(ConfigValidator.validateAcl(read("{\"group\":\"admins\"}", AclGroup.class))).isEmpty();
        assertThat(ConfigValidator.validateAcl(read("{\"group\":\"\"}", AclGroup.class)))
            .isEqualTo(List.of(violation("group", ConfigMessages.REQUIRED)));
    }

}
