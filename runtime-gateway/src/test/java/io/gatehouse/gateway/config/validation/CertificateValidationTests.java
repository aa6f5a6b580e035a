package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.pem.Pem;
import org.junit.jupiter.api.Test;

class CertificateValidationTests {

    private static List<ConfigViolation> certificate(String cert, String key) {
        return ConfigValidator.validateCertificate(new CertificateDefinition(null, cert, key, null, null));
    }

    @Test
    void acceptsMatchingCertificatesAndKeysInEveryKeyFormat() {
        assertThat(certificate(Fixtures.pem("rsa-cert.pem"), Fixtures.pem("rsa-key.pem"))).isEmpty();
        assertThat(certificate(Fixtures.pem("rsa-cert.pem"), Fixtures.pem("rsa-key-pkcs1.pem"))).isEmpty();
        assertThat(certificate(Fixtures.pem("ec-cert.pem"), Fixtures.pem("ec-key-sec1.pem"))).isEmpty();
    }

    @Test
    void keyMustMatchTheCertificate() {
        assertThat(certificate(Fixtures.pem("rsa-cert.pem"), Fixtures.pem("other-rsa-key.pem")))
            .containsExactly(new ConfigViolation("key", ConfigMessages.KEY_DOES_NOT_MATCH_CERT));
        assertThat(certificate(Fixtures.pem("ec-cert.pem"), Fixtures.pem("rsa-key.pem")))
            .containsExactly(new ConfigViolation("key", ConfigMessages.KEY_DOES_NOT_MATCH_CERT));
    }

    @Test
    void reportsUnreadablePem() {
        assertThat(certificate("not a pem", Fixtures.pem("rsa-key.pem")))
            .containsExactly(new ConfigViolation("cert", "must be a PEM certificate (chain): no PEM block found"));
        assertThat(certificate(Fixtures.pem("rsa-cert.pem"), Fixtures.pem("rsa-cert.pem")))
            .containsExactly(new ConfigViolation("key",
                    "must be a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC): not a private key block: CERTIFICATE"));
        String corrupted = Fixtures.pem("rsa-cert.pem").replaceFirst("MII", "MIX");
        assertThat(certificate(corrupted, Fixtures.pem("rsa-key.pem"))).extracting(ConfigViolation::path)
            .containsExactly("cert");
        assertThat(certificate(null, null)).containsExactly(new ConfigViolation("cert", ConfigMessages.REQUIRED),
                new ConfigViolation("key", ConfigMessages.REQUIRED));
    }

    @Test
    void certificateSnisAreServerNames() {
        assertThat(ConfigValidator.validateCertificate(new CertificateDefinition(null, Fixtures.pem("rsa-cert.pem"),
                Fixtures.pem("rsa-key.pem"), List.of("api.example.com", "bad name"), null)))
            .containsExactly(new ConfigViolation("snis[1]", ConfigMessages.INVALID_SNI));
    }

    @Test
    void sniNeedsAServerName() {
        assertThat(ConfigValidator.validateSni(new SniDefinition(null, "*.example.com", null, EntityRef.ofName("c"))))
            .isEmpty();
        assertThat(ConfigValidator.validateSni(new SniDefinition(null, "*", null, null)))
            .containsExactly(new ConfigViolation("name", ConfigMessages.INVALID_SNI));
    }

    @Test
    void caCertificateMustBeACaAndMatchItsDigest() {
        String ca = Fixtures.pem("ca-cert.pem");
        assertThat(ConfigValidator.validateCaCertificate(new CaCertificateDefinition(null, ca, null, null))).isEmpty();
        String digest = CertificateRules.digest(Pem.certificate(ca));
        assertThat(ConfigValidator.validateCaCertificate(new CaCertificateDefinition(null, ca, digest, null))).isEmpty();
        assertThat(ConfigValidator.validateCaCertificate(new CaCertificateDefinition(null, ca, "00", null)))
            .containsExactly(new ConfigViolation("cert_digest", ConfigMessages.CA_DIGEST_MISMATCH));
        assertThat(ConfigValidator.validateCaCertificate(
                new CaCertificateDefinition(null, Fixtures.pem("leaf-not-ca-cert.pem"), null, null)))
            .containsExactly(new ConfigViolation("cert", ConfigMessages.NOT_A_CA));
        assertThat(ConfigValidator.validateCaCertificate(new CaCertificateDefinition(null, "junk", null, null)))
            .extracting(ConfigViolation::path)
            .containsExactly("cert");
    }

}
