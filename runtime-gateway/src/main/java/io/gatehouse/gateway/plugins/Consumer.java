package io.gatehouse.gateway.plugins;

import java.util.List;
import java.util.Set;

/**
 * An authenticated API consumer, as auth plugins put it on the exchange.
 *
 * @param id             consumer id
 * @param username       consumer username (may be null)
 * @param customId       the consumer's custom id (may be null)
 * @param groups         ACL groups
 * @param credentialId   the credential that authenticated the request
 * @param consumerGroups the consumer groups it belongs to (their ids, else names), ordered by group name:
 *                       consumer-group-scoped plugins are looked up in this order
 */
public record Consumer(String id, String username, String customId, Set<String> groups, String credentialId,
        List<String> consumerGroups) {

    public Consumer {
        groups = Set.copyOf(groups);
        consumerGroups = List.copyOf(consumerGroups);
    }

    /** A consumer in no consumer group. */
    public Consumer(String id, String username, String customId, Set<String> groups, String credentialId) {
        this(id, username, customId, groups, credentialId, List.of());
    }
}
