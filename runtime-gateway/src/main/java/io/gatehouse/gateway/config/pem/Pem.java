package io.gatehouse.gateway.config.pem;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and keys with the JDK alone: certificates (chains), private keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}), and public
 * keys in SPKI ({@code PUBLIC KEY}) or PKCS#1 ({@code RSA PUBLIC KEY}). Errors are {@link PemException}s
 * whose message says what is wrong.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern
        .compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = Der.sequence(Der.oid("2a864886f70d010101"), Der.NULL);
    private static final String EC_PUBLIC_KEY_OID = "2a8648ce3d0201";

    private Pem() {
    }

    /** The certificates of a PEM chain, in order (leaf first by convention). */
    public static List<X509Certificate> certificates(String pem) {
        List<Block> blocks = blocks(pem);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                if (!block.type().equals("CERTIFICATE")) {
                    throw new PemException("unexpected " + block.type() + " block");
                }
                certificates.add(
                        (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        catch (CertificateException ex) {
            throw new PemException("not an X.509 certificate", ex);
        }
        return certificates;
    }

    /** The first certificate of a PEM text. */
    public static X509Certificate certificate(String pem) {
        return certificates(pem).get(0);
    }

    /** A private key (RSA or EC; Ed25519 in PKCS#8). */
    public static PrivateKey privateKey(String pem) {
        Block block = single(pem);
        byte[] pkcs8 = switch (block.type()) {
            case "PRIVATE KEY" -> block.der();
            case "RSA PRIVATE KEY" -> Der.sequence(Der.integer(0), RSA_ALGORITHM, Der.octetString(block.der()));
            case "EC PRIVATE KEY" -> sec1ToPkcs8(block.der());
            case "ENCRYPTED PRIVATE KEY" -> throw new PemException("encrypted private keys are not supported");
            default -> throw new PemException("not a private key block: " + block.type());
        };
        for (String algorithm : new String[] { "RSA", "EC", "Ed25519", "Ed448" }) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            }
            catch (GeneralSecurityException ex) {
                // try the next algorithm
            }
        }
        throw new PemException("not an RSA, EC or EdDSA private key");
    }

    /** A public key of the given algorithm ({@code RSA} or {@code EC}). */
    public static PublicKey publicKey(String pem, String algorithm) {
        Block block = single(pem);
        byte[] spki = switch (block.type()) {
            case "PUBLIC KEY" -> block.der();
            case "RSA PUBLIC KEY" -> Der.sequence(RSA_ALGORITHM, Der.bitString(block.der()));
            default -> throw new PemException("not a public key block: " + block.type());
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        }
        catch (GeneralSecurityException ex) {
            throw new PemException("not an " + algorithm + " public key", ex);
        }
    }

    /** True when the private key belongs to the certificate (checked by signing and verifying). */
    public static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        }
        catch (GeneralSecurityException ex) {
            return false;
        }
    }

    private static Block single(String pem) {
        List<Block> blocks = blocks(pem);
        if (blocks.size() != 1) {
            throw new PemException("expected exactly one PEM block, found " + blocks.size());
        }
        return blocks.get(0);
    }

    private static List<Block> blocks(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new PemException("empty");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        int end = 0;
        while (matcher.find()) {
            if (!pem.substring(end, matcher.start()).isBlank()) {
                throw new PemException("text outside PEM blocks");
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
                blocks.add(new Block(matcher.group(1), der));
            }
            catch (IllegalArgumentException ex) {
                throw new PemException("bad base64 in " + matcher.group(1) + " block", ex);
            }
            end = matcher.end();
        }
        if (blocks.isEmpty()) {
            throw new PemException("no PEM block found");
        }
        if (!pem.substring(end).isBlank()) {
            throw new PemException("text outside PEM blocks");
        }
        return blocks;
    }

    /**
     * SEC1 ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters (curve OID),
     * [1] publicKey } becomes PKCS#8 with the curve OID moved into the algorithm identifier.
     */
    private static byte[] sec1ToPkcs8(byte[] sec1) {
        Der.Node key = Der.parse(sec1);
        byte[] curve = key.children().stream()
            .filter(node -> node.tag() == 0xA0)
            .findFirst()
            .map(node -> node.children().get(0).encoded())
            .orElseThrow(() -> new PemException("EC private key without its curve"));
        byte[] algorithm = Der.sequence(Der.oid(EC_PUBLIC_KEY_OID), curve);
        return Der.sequence(Der.integer(0), algorithm, Der.octetString(sec1));
    }

    private record Block(String type, byte[] der) {
    }

}
