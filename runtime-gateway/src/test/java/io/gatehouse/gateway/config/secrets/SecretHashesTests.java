package io.gatehouse.gateway.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class SecretHashesTests {

    private final SecretHashes hashes = new SecretHashes(new SecureRandom(), 1_000);

    @Test
    void keyHashIsHexSha256() {
        // SHA-256("abc") from FIPS 180-2
        assertThat(SecretHashes.keyHash("abc"))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SecretHashes.isKeyHash(SecretHashes.keyHash("my-key"))).isTrue();
        assertThat(SecretHashes.isKeyHash("my-key")).isFalse();
    }

    @Test
    void passwordHashVerifiesOnlyTheSamePassword() {
        String encoded = hashes.hashPassword("s3cret!");
        assertThat(encoded).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
        assertThat(SecretHashes.verifyPassword("s3cret!", encoded)).isTrue();
        assertThat(SecretHashes.verifyPassword("s3cret", encoded)).isFalse();
        assertThat(SecretHashes.isPasswordHash(encoded)).isTrue();
    }

    @Test
    void eachPasswordHashHasItsOwnSalt() {
        assertThat(hashes.hashPassword("same")).isNotEqualTo(hashes.hashPassword("same"));
    }

    @Test
    void malformedHashesNeverMatch() {
        for (String bad : new String[] { null, "", "s3cret!", "pbkdf2-sha256$x$AAAA$BBBB", "sha1$1000$AAAAAAAAAAA$BBB",
                "pbkdf2-sha256$1000$AAAAAAAAAAA$tooShort" }) {
            assertThat(SecretHashes.verifyPassword("s3cret!", bad)).as(String.valueOf(bad)).isFalse();
            assertThat(SecretHashes.isPasswordHash(bad)).isFalse();
        }
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        io.gatehouse.gateway.config.EntityRef ann = io.gatehouse.gateway.config.EntityRef.ofName("ann");
        assertThat(new io.gatehouse.gateway.config.KeyAuthCredential(null, "clear-key-123", null, null, ann).toString())
            .doesNotContain("clear-key-123");
        assertThat(new io.gatehouse.gateway.config.BasicAuthCredential(null, "ann", "pw-456", null, null, ann).toString())
            .doesNotContain("pw-456");
        assertThat(new io.gatehouse.gateway.config.JwtCredential(null, "k", "HS256", "hmac-789", null, null, ann).toString())
            .doesNotContain("hmac-789");
        assertThat(new io.gatehouse.gateway.config.CertificateDefinition(null, "c", "-----BEGIN PRIVATE KEY-----x", null,
                null).toString()).doesNotContain("PRIVATE");
    }

}
