package io.gatehouse.gateway.config.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * How secrets are hashed so that they never travel or rest in clear past the edge.
 *
 * <ul>
 * <li>API keys (key-auth): SHA-256 of the UTF-8 key, lowercase hex ({@link #keyHash(String)}). Keys
 * are long random values, so a fast unsalted hash is safe, and it lets the gateway look a presented
 * key up by its hash in a map.</li>
 * <li>Basic-auth passwords: PBKDF2-HMAC-SHA256 with a 16-byte random salt per credential, encoded
 * with its parameters as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash base64url,
 * unpadded), so the iteration count can rise later without breaking stored hashes.</li>
 * </ul>
 */
public final class SecretHashes {

    /** The prefix of every password hash this class writes. */
    public static final String PASSWORD_SCHEME = "pbkdf2-sha256";
    /** Iterations for new password hashes. */
    public static final int DEFAULT_ITERATIONS = 120_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MAX_ITERATIONS = 10_000_000;

    private final SecureRandom random;
    private final int iterations;

    /** Hashes with {@link #DEFAULT_ITERATIONS} and a fresh {@link SecureRandom}. */
    public SecretHashes() {
        this(new SecureRandom(), DEFAULT_ITERATIONS);
    }

    /** Hashes with a given salt source and iteration count (tests use fewer iterations). */
    public SecretHashes(SecureRandom random, int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS);
        }
        this.random = random;
        this.iterations = iterations;
    }

    /** The lookup hash of an API key: lowercase hex SHA-256 of its UTF-8 bytes (64 characters). */
    public static String keyHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }

    /** True when the text has the shape of a {@link #keyHash(String) key hash}. */
    public static boolean isKeyHash(String text) {
        return text != null && text.matches("[0-9a-f]{64}");
    }

    /** A salted hash of a password, encoded with its parameters. */
    public String hashPassword(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return PASSWORD_SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(hash);
    }

    /**
     * Checks a password against an encoded hash in constant time (for equal-length hashes). A hash that
     * does not parse never matches.
     */
    public static boolean verifyPassword(String password, String encoded) {
        ParsedHash parsed = ParsedHash.parse(encoded);
        if (parsed == null || password == null) {
            return false;
        }
        return MessageDigest.isEqual(parsed.hash(), pbkdf2(password, parsed.salt(), parsed.iterations()));
    }

    /** True when the text is a password hash this class can verify. */
    public static boolean isPasswordHash(String encoded) {
        return ParsedHash.parse(encoded) != null;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", ex);
        }
        finally {
            spec.clearPassword();
        }
    }

    private record ParsedHash(int iterations, byte[] salt, byte[] hash) {

        static ParsedHash parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 4 || !PASSWORD_SCHEME.equals(parts[0]) || !parts[1].matches("\\d{1,8}")) {
                return null;
            }
            int iterations = Integer.parseInt(parts[1]);
            try {
                byte[] salt = Base64.getUrlDecoder().decode(parts[2]);
                byte[] hash = Base64.getUrlDecoder().decode(parts[3]);
                boolean valid = iterations >= 1 && iterations <= MAX_ITERATIONS && salt.length >= 8
                        && hash.length == HASH_BITS / 8;
                return valid ? new ParsedHash(iterations, salt, hash) : null;
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }

    }

}
