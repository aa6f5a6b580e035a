package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Membership of a consumer in an ACL group, checked by the acl plugin's allow/deny lists. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AclGroup(String id, String group, List<String> tags, EntityRef consumer) {

    public AclGroup {
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public AclGroup withId(String newId) {
        return new AclGroup(newId, group, tags, consumer);
    }

    /** A copy owned by another consumer. */
    public AclGroup withConsumer(EntityRef newConsumer) {
        return new AclGroup(id, group, tags, newConsumer);
    }

}
