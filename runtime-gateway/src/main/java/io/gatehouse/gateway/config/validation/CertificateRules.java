package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.pem.Pem;
import io.gatehouse.gateway.config.pem.PemException;

/** Rules of certificates, SNIs and CA certificates, each on its own. */
final class CertificateRules {

    private CertificateRules() {
    }

    static void check(CertificateDefinition certificate, String path, Violations violations) {
        Syntax.id(certificate.id(), path, violations);
        X509Certificate leaf = null;
        if (certificate.cert() == null) {
            violations.add(at(path, "cert"), ConfigMessages.REQUIRED);
        }
        else {
            try {
                leaf = Pem.certificate(certificate.cert());
            }
            catch (PemException ex) {
                violations.add(at(path, "cert"), ConfigMessages.INVALID_CERT_PEM, ex.getMessage());
            }
        }
        if (certificate.key() == null) {
            violations.add(at(path, "key"), ConfigMessages.REQUIRED);
        }
        else {
            try {
                PrivateKey key = Pem.privateKey(certificate.key());
                if (leaf != null && !Pem.matches(key, leaf)) {
                    violations.add(at(path, "key"), ConfigMessages.KEY_DOES_NOT_MATCH_CERT);
                }
            }
            catch (PemException ex) {
                violations.add(at(path, "key"), ConfigMessages.INVALID_KEY_PEM, ex.getMessage());
            }
        }
        RouteRules.elements(certificate.snis(), at(path, "snis"), violations,
                sni -> Syntax.isSni(sni) ? null : ConfigMessages.INVALID_SNI);
        Syntax.tags(certificate.tags(), path, violations);
    }

    static void checkSni(SniDefinition sni, String path, Violations violations) {
        Syntax.id(sni.id(), path, violations);
        if (sni.name() == null) {
            violations.add(at(path, "name"), ConfigMessages.REQUIRED);
        }
        else if (!Syntax.isSni(sni.name())) {
            violations.add(at(path, "name"), ConfigMessages.INVALID_SNI);
        }
        Syntax.tags(sni.tags(), path, violations);
    }

    static void checkCa(CaCertificateDefinition ca, String path, Violations violations) {
        Syntax.id(ca.id(), path, violations);
        if (ca.cert() == null) {
            violations.add(at(path, "cert"), ConfigMessages.REQUIRED);
            return;
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.certificates(ca.cert());
        }
        catch (PemException ex) {
            violations.add(at(path, "cert"), ConfigMessages.INVALID_CERT_PEM, ex.getMessage());
            return;
        }
        X509Certificate certificate = certificates.get(0);
        if (certificates.size() != 1) {
            violations.add(at(path, "cert"), ConfigMessages.INVALID_CERT_PEM, "expected exactly one certificate");
        }
        else if (certificate.getBasicConstraints() < 0) {
            violations.add(at(path, "cert"), ConfigMessages.NOT_A_CA);
        }
        if (ca.certDigest() != null && !ca.certDigest().equalsIgnoreCase(digest(certificate))) {
            violations.add(at(path, "cert_digest"), ConfigMessages.CA_DIGEST_MISMATCH);
        }
        Syntax.tags(ca.tags(), path, violations);
    }

    /** Lowercase hex SHA-256 of the certificate's DER encoding, as Kong's cert_digest. */
    static String digest(X509Certificate certificate) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
        catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
            throw new IllegalStateException("cannot digest a parsed certificate", ex);
        }
    }

}
