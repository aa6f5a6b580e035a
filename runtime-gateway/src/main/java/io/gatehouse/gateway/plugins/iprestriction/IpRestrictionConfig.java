package io.gatehouse.gateway.plugins.iprestriction;

import java.util.List;

import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/** ip-restriction: allows or denies clients by IPv4/IPv6 address or CIDR block. Deny wins over allow. */
public record IpRestrictionConfig(List<String> allow, List<String> deny, int status, String message) {

    public static final String NAME = "ip-restriction";
    public static final int PRIORITY = 990;
    public static final String ALLOW_OR_DENY = "at least one of allow or deny must list addresses";

    public static final PluginSchema<IpRestrictionConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Allows or denies clients by IP address or CIDR block.", IpRestrictionConfig.class, List.of(
                    SchemaField.strings("allow", "Addresses or CIDR blocks (IPv4 or IPv6) allowed; others are rejected.", List.of(), Checks.CIDR),
                    SchemaField.strings("deny", "Addresses or CIDR blocks (IPv4 or IPv6) rejected.", List.of(), Checks.CIDR),
                    SchemaField.integer("status", "Status of a rejected request.", 403).between(100, 599),
                    SchemaField.string("message", "Message of a rejected request.", "Your IP address is not allowed")),
            config -> ((List<?>) config.get("allow")).isEmpty() && ((List<?>) config.get("deny")).isEmpty()
                    ? List.of(new ConfigViolation("allow", ALLOW_OR_DENY)) : List.of());

}
