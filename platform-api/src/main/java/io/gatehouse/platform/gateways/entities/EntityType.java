package io.gatehouse.platform.gateways.entities;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The entity types of a control plane, with their Kong names: {@code wireName} in the change log and the
 * database, {@code path} in the REST API, {@code declarativeKey} in a declarative file. {@code nameField}
 * is the field that names an entity uniquely in its control plane (Kong's endpoint key), if any.
 */
public enum EntityType {

    SERVICE("service", "services", "services", "name", List.of()),
    ROUTE("route", "routes", "routes", "name", List.of(Reference.SERVICE)),
    UPSTREAM("upstream", "upstreams", "upstreams", "name", List.of()),
    TARGET("target", "targets", "targets", null, List.of(Reference.UPSTREAM)),
    CONSUMER("consumer", "consumers", "consumers", "username", List.of()),
    CONSUMER_GROUP("consumer_group", "consumer-groups", "consumer_groups", "name", List.of()),
    PLUGIN("plugin", "plugins", "plugins", "instance_name",
            List.of(Reference.SERVICE, Reference.ROUTE, Reference.CONSUMER, Reference.CONSUMER_GROUP)),
    KEY_AUTH("keyauth_credential", "key-auth", "keyauth_credentials", null, List.of(Reference.CONSUMER)),
    BASIC_AUTH("basicauth_credential", "basic-auth", "basicauth_credentials", "username", List.of(Reference.CONSUMER)),
    JWT("jwt_secret", "jwt", "jwt_secrets", "key", List.of(Reference.CONSUMER)),
    ACL("acl", "acls", "acls", null, List.of(Reference.CONSUMER)),
    CERTIFICATE("certificate", "certificates", "certificates", null, List.of()),
    SNI("sni", "snis", "snis", "name", List.of(Reference.CERTIFICATE)),
    CA_CERTIFICATE("ca_certificate", "ca-certificates", "ca_certificates", null, List.of());

    private final String wireName;
    private final String path;
    private final String declarativeKey;
    private final String nameField;
    private final List<Reference> references;

    EntityType(String wireName, String path, String declarativeKey, String nameField, List<Reference> references) {
        this.wireName = wireName;
        this.path = path;
        this.declarativeKey = declarativeKey;
        this.nameField = nameField;
        this.references = references;
    }

    public String wireName() {
        return wireName;
    }

    public String path() {
        return path;
    }

    public String declarativeKey() {
        return declarativeKey;
    }

    /** The field holding the entity's unique name, or {@code null} when entities of this type are only addressed by id. */
    public String nameField() {
        return nameField;
    }

    public List<Reference> references() {
        return references;
    }

    /** The reference a credential or target needs: its owner. Others may stand alone. */
    public Optional<Reference> owner() {
        return switch (this) {
            case TARGET -> Optional.of(Reference.UPSTREAM);
            case KEY_AUTH, BASIC_AUTH, JWT, ACL -> Optional.of(Reference.CONSUMER);
            case SNI -> Optional.of(Reference.CERTIFICATE);
            default -> Optional.empty();
        };
    }

    public static Optional<EntityType> byPath(String path) {
        return Arrays.stream(values()).filter(type -> type.path.equals(path)).findFirst();
    }

    public static EntityType byWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown entity type " + wireName));
    }

    /**
     * A reference from one entity to another, kept in its own column (and foreign key) rather than in the
     * document, so that PostgreSQL enforces it and a renamed target stays referenced.
     */
    public enum Reference {
        SERVICE("service", "service_id"),
        ROUTE("route", "route_id"),
        CONSUMER("consumer", "consumer_id"),
        UPSTREAM("upstream", "upstream_id"),
        CONSUMER_GROUP("consumer_group", "consumer_group_id"),
        CERTIFICATE("certificate", "certificate_id");

        private final String field;
        private final String column;

        Reference(String field, String column) {
            this.field = field;
            this.column = column;
        }

        /** The JSON field that holds the reference ({@code "service": {"id": …}}). */
        public String field() {
            return field;
        }

        String column() {
            return column;
        }

        public EntityType target() {
            return switch (this) {
                case SERVICE -> EntityType.SERVICE;
                case ROUTE -> EntityType.ROUTE;
                case CONSUMER -> EntityType.CONSUMER;
                case UPSTREAM -> EntityType.UPSTREAM;
                case CONSUMER_GROUP -> EntityType.CONSUMER_GROUP;
                case CERTIFICATE -> EntityType.CERTIFICATE;
            };
        }
    }
}
