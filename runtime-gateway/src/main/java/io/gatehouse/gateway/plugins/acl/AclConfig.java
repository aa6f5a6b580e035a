package io.gatehouse.gateway.plugins.acl;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/** acl: lets an authenticated consumer through only if its ACL groups are allowed (or not denied). */
public record AclConfig(
        List<String> allow,
        List<String> deny,
        @JsonProperty("hide_groups_header") boolean hideGroupsHeader,
        @JsonProperty("always_use_authenticated_groups") boolean alwaysUseAuthenticatedGroups) {

    public static final String NAME = "acl";
    public static final int PRIORITY = 950;
    public static final String ALLOW_OR_DENY = "exactly one of allow or deny must list groups";

    public static final PluginSchema<AclConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Restricts access to consumers by ACL group.", AclConfig.class, List.of(
                    SchemaField.strings("allow", "Groups allowed in; everyone else gets 403.", List.of(), null),
                    SchemaField.strings("deny", "Groups kept out with 403; everyone else is allowed.", List.of(), null),
                    SchemaField.bool("hide_groups_header", "Do not send the X-Consumer-Groups header upstream.", false),
                    SchemaField.bool("always_use_authenticated_groups", "Use the groups of the authenticated credential even when a consumer is mapped.", false)),
            config -> ((List<?>) config.get("allow")).isEmpty() == ((List<?>) config.get("deny")).isEmpty()
                    ? List.of(new ConfigViolation("allow", ALLOW_OR_DENY)) : List.of());

}
