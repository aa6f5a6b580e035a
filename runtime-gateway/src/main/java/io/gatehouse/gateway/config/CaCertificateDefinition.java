package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A trusted CA certificate (PEM, must be a CA), e.g. to verify upstream or client certificates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaCertificateDefinition(
        String id,
        String cert,
        @JsonProperty("cert_digest") String certDigest,
        List<String> tags) {

    public CaCertificateDefinition {
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public CaCertificateDefinition withId(String newId) {
        return new CaCertificateDefinition(newId, cert, certDigest, tags);
    }

}
