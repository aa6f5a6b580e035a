package io.gatehouse.platform.shared.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Encrypts third-party secrets the platform must read back (e.g. an organization's SSO client secret) with
 * AES-256-GCM. The key is {@code GATEHOUSE_ENCRYPTION_KEY} (base64 of 32 bytes) when set; otherwise one is
 * generated on first use and kept in {@code platform_encryption_key}, shared by all replicas.
 */
@Component
public class SecretBox {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String configuredKey;
    private volatile SecretKey key;

    SecretBox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock,
            @Value("${gatehouse.security.encryption-key:}") String configuredKey) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.configuredKey = configuredKey;
    }

    public String encrypt(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public String decrypt(String encrypted) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypted);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a stored secret: was the encryption key changed?", e);
        }
    }

    private SecretKey key() throws GeneralSecurityException {
        SecretKey current = key;
        if (current == null) {
            current = new SecretKeySpec(Base64.getDecoder().decode(
                    configuredKey.isBlank() ? storedKey() : configuredKey.strip()), "AES");
            key = current;
        }
        return current;
    }

    private String storedKey() throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        String candidate = Base64.getEncoder().encodeToString(generator.generateKey().getEncoded());
        return tx.execute(status -> {
            jdbc.update("insert into platform_encryption_key (id, key_value, created_at) values (1, ?, ?)"
                    + " on conflict (id) do nothing", candidate, Timestamp.from(clock.instant()));
            return jdbc.queryForObject("select key_value from platform_encryption_key where id = 1", String.class);
        });
    }
}
