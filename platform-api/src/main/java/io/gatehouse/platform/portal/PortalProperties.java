package io.gatehouse.platform.portal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the developer portal ({@code gatehouse.portal.*}, environment {@code GATEHOUSE_PORTAL_*}).
 *
 * @param fetch             fetching OpenAPI documents from a URL
 * @param verificationValidity how long an email-verification or password-reset link works
 * @param maxRotationOverlap the longest overlap a key rotation may ask for (old and new key both work)
 */
@ConfigurationProperties("gatehouse.portal")
public record PortalProperties(@DefaultValue Fetch fetch, @DefaultValue("48h") Duration verificationValidity,
        @DefaultValue("30d") Duration maxRotationOverlap) {

    /**
     * @param allowPrivateAddresses whether a document may be fetched from loopback, private, link-local or other
     *                              internal addresses (off: no requests into the platform's own network)
     * @param connectTimeout        connection timeout
     * @param timeout               whole-request timeout
     * @param maxSize               the largest document accepted
     */
    public record Fetch(@DefaultValue("false") boolean allowPrivateAddresses,
            @DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration timeout,
            @DefaultValue("2MB") DataSize maxSize) {
    }
}
