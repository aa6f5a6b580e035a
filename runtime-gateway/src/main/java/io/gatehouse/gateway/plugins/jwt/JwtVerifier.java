package io.gatehouse.gateway.plugins.jwt;

import io.gatehouse.gateway.config.JwtCredential;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies JWS compact signatures: HS256 (HMAC-SHA256), RS256 (RSA PKCS#1 v1.5) and ES256 (ECDSA P-256). */
final class JwtVerifier {

    private JwtVerifier() {
    }

    /** Whether {@code signature} signs {@code signingInput} under the credential's algorithm and key. */
    static boolean verify(JwtCredential credential, boolean secretIsBase64, String signingInput, byte[] signature) {
        byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
        try {
            return switch (credential.algorithm()) {
                case "HS256" -> {
                    byte[] secret = secretIsBase64 ? Base64.getDecoder().decode(credential.secret())
                            : credential.secret().getBytes(StandardCharsets.UTF_8);
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                    yield MessageDigest.isEqual(mac.doFinal(input), signature);
                }
                case "RS256" -> signature("SHA256withRSA", publicKey("RSA", credential.rsaPublicKey()), input, signature);
                case "ES256" -> signature.length == 64
                        && signature("SHA256withECDSA", publicKey("EC", credential.rsaPublicKey()), input, derOf(signature));
                default -> false;
            };
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean signature(String algorithm, PublicKey key, byte[] input, byte[] signature)
            throws java.security.GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(input);
        return verifier.verify(signature);
    }

    static PublicKey publicKey(String type, String pem) throws java.security.GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** JWS carries ECDSA signatures as R||S (32 bytes each); Java verifies ASN.1 DER sequences. */
    static byte[] derOf(byte[] rs) {
        byte[] r = integer(rs, 0);
        byte[] s = integer(rs, 32);
        int length = 2 + r.length + 2 + s.length;
        byte[] der = new byte[2 + length];
        der[0] = 0x30;
        der[1] = (byte) length;
        der[2] = 0x02;
        der[3] = (byte) r.length;
        System.arraycopy(r, 0, der, 4, r.length);
        der[4 + r.length] = 0x02;
        der[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, der, 6 + r.length, s.length);
        return der;
    }

    private static byte[] integer(byte[] rs, int offset) {
        int start = offset;
        while (start < offset + 31 && rs[start] == 0) {
            start++;
        }
        int length = offset + 32 - start;
        boolean pad = (rs[start] & 0x80) != 0;
        byte[] out = new byte[length + (pad ? 1 : 0)];
        System.arraycopy(rs, start, out, pad ? 1 : 0, length);
        return out;
    }
}
