package io.gatehouse.platform.shared.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random secrets shown once (tokens, invitation links, client secrets) and their SHA-256 digests, which are
 * what gets stored. High-entropy random tokens need no slow hash: a digest cannot be reversed, and look-up by
 * digest keeps verification one indexed query.
 */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private SecretTokens() {
    }

    /** {@code prefix} followed by {@code length} random letters and digits (about 5.95 bits each). */
    public static String generate(String prefix, int length) {
        StringBuilder token = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            token.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return token.toString();
    }

    /** The lower-case hex SHA-256 of the token. */
    public static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
