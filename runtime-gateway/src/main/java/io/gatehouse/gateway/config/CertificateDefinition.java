package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A TLS certificate chain ({@code cert}, PEM, leaf first) with its private {@code key} (PEM, PKCS#8,
 * PKCS#1 RSA or SEC1 EC), served for the listed {@code snis}. The control plane never returns the key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateDefinition(String id, String cert, String key, List<String> snis, List<String> tags) {

    public CertificateDefinition {
        snis = Values.list(snis);
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public CertificateDefinition withId(String newId) {
        return new CertificateDefinition(newId, cert, key, snis, tags);
    }

    /** A copy without the private key, as the control plane shows it. */
    public CertificateDefinition withoutKey() {
        return new CertificateDefinition(id, cert, null, snis, tags);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "CertificateDefinition[id=" + id + ", cert=" + (cert == null ? null : "PEM") + ", key="
                + (key == null ? null : "****") + ", snis=" + snis + ", tags=" + tags + "]";
    }
}
