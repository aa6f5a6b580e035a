package io.gatehouse.gateway.plugins;

import java.util.Set;

/**
 * An authenticated API consumer, as auth plugins put it on the exchange.
 *
 * @param id           consumer id
 * @param username     consumer username (may be null)
 * @param customId     the consumer's custom id (may be null)
 * @param groups       ACL groups
 * @param credentialId the credential that authenticated the request
 */
public record Consumer(String id, String username, String customId, Set<String> groups, String credentialId) {

    public Consumer {
        groups = Set.copyOf(groups);
    }
}
