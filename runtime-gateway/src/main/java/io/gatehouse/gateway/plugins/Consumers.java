package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consumers and credentials of one configuration, indexed for the auth plugins. API keys are held
 * only as hashes ({@link SecretHashes#keyHash}); a presented key is hashed and looked up.
 */
public final class Consumers {

    /** A basic-auth credential: who it belongs to and the stored password hash. */
    public record BasicCredential(String credentialId, String consumerId, String passwordHash) {
    }

    /** A JWT credential with its owner. */
    public record JwtKey(String consumerId, JwtCredential credential) {
    }

    private record KeyOwner(String consumerId, String credentialId, Long expiresAt) {
    }

    private final Map<String, ConsumerDefinition> byId = new HashMap<>();
    private final Map<String, ConsumerDefinition> byUsername = new HashMap<>();
    private final Map<String, Set<String>> groups = new HashMap<>();
    private final Map<String, KeyOwner> keysByHash = new HashMap<>();
    private final Map<String, BasicCredential> basicByUsername = new HashMap<>();
    private final Map<String, JwtKey> jwtByKey = new HashMap<>();
    private final Map<String, List<String>> consumerGroups = new HashMap<>();

    private Consumers() {
    }

    public static Consumers empty() {
        return new Consumers();
    }

    public static Consumers of(List<ConsumerDefinition> consumers, List<KeyAuthCredential> keys,
            List<BasicAuthCredential> basics, List<JwtCredential> jwts, List<AclGroup> acls) {
        return of(consumers, List.of(), keys, basics, jwts, acls);
    }

    /**
     * The index of a configuration with consumer groups: each consumer's memberships are resolved to group
     * keys ({@link #groupKey}) ordered by group name, for consumer-group-scoped plugins.
     */
    public static Consumers of(List<ConsumerDefinition> consumers, List<ConsumerGroupDefinition> groupDefinitions,
            List<KeyAuthCredential> keys, List<BasicAuthCredential> basics, List<JwtCredential> jwts,
            List<AclGroup> acls) {
        Consumers index = new Consumers();
        for (ConsumerDefinition consumer : consumers) {
            index.byId.put(keyOf(consumer), consumer);
            if (consumer.username() != null) {
                index.byUsername.put(consumer.username(), consumer);
            }
            List<ConsumerGroupDefinition> memberOf = new ArrayList<>();
            for (EntityRef ref : consumer.groups()) {
                groupDefinitions.stream().filter(g -> ref.matches(g.id(), g.name())).findFirst().ifPresent(memberOf::add);
            }
            memberOf.sort(java.util.Comparator.comparing(g -> g.name() == null ? "" : g.name()));
            index.consumerGroups.put(keyOf(consumer), memberOf.stream().map(Consumers::groupKey).toList());
        }
        for (KeyAuthCredential key : keys) {
            index.owner(key.consumer()).ifPresent(owner -> {
                String hash = key.keyHash() != null ? key.keyHash() : SecretHashes.keyHash(key.key());
                index.keysByHash.put(hash, new KeyOwner(owner, key.id(), key.expiresAt()));
            });
        }
        for (BasicAuthCredential basic : basics) {
            index.owner(basic.consumer()).ifPresent(owner -> {
                String hash = basic.passwordHash() != null ? basic.passwordHash()
                        : new SecretHashes().hashPassword(basic.password());
                index.basicByUsername.put(basic.username(), new BasicCredential(basic.id(), owner, hash));
            });
        }
        for (JwtCredential jwt : jwts) {
            index.owner(jwt.consumer()).ifPresent(owner -> index.jwtByKey.put(jwt.key(), new JwtKey(owner, jwt)));
        }
        for (AclGroup acl : acls) {
            index.owner(acl.consumer()).ifPresent(owner ->
                    index.groups.computeIfAbsent(owner, k -> new HashSet<>()).add(acl.group()));
        }
        return index;
    }

    /** A consumer group's key: its id, else its name. */
    public static String groupKey(ConsumerGroupDefinition group) {
        return group.id() != null ? group.id() : group.name();
    }

    /** The key ({@link Consumer#id()}) of the consumer a reference names, if it is in this index. */
    public Optional<String> consumerKey(EntityRef ref) {
        return owner(ref);
    }

    /** A consumer's key in this index: its id, else its username, else its custom id. */
    private static String keyOf(ConsumerDefinition consumer) {
        return consumer.id() != null ? consumer.id() : consumer.username() != null ? consumer.username()
                : consumer.customId();
    }

    private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    /** The same value as {@link SecretHashes#keyHash}, with a per-thread digest (this runs per request). */
    static String sha256Hex(String key) {
        return HEX.formatHex(SHA256.get().digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Optional<String> owner(EntityRef ref) {
        if (ref == null) {
            return Optional.empty();
        }
        if (ref.id() != null) {
            return byId.containsKey(ref.id()) ? Optional.of(ref.id()) : Optional.empty();
        }
        ConsumerDefinition named = byUsername.get(ref.name());
        if (named != null) {
            return Optional.of(keyOf(named));
        }
        if (byId.containsKey(ref.name())) {
            return Optional.of(ref.name());
        }
        return byId.entrySet().stream().filter(e -> ref.name().equals(e.getValue().customId()))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The consumer with this id or username, as an authenticated consumer via {@code credentialId}. */
    public Optional<Consumer> consumer(String idOrUsername, String credentialId) {
        ConsumerDefinition definition = byId.get(idOrUsername);
        String id = idOrUsername;
        if (definition == null) {
            definition = byUsername.get(idOrUsername);
            if (definition == null) {
                return Optional.empty();
            }
            id = keyOf(definition);
        }
        return Optional.of(new Consumer(id, definition.username(), definition.customId(),
                groups.getOrDefault(id, Set.of()), credentialId, consumerGroups.getOrDefault(id, List.of())));
    }

    /** The consumer owning an API key, found by the key's hash (expiry not checked). */
    public Optional<Consumer> byApiKey(String key) {
        KeyOwner owner = keysByHash.get(sha256Hex(key));
        return owner == null ? Optional.empty() : consumer(owner.consumerId(), owner.credentialId());
    }

    /** The consumer owning an API key that has not expired at {@code now} (Unix seconds). */
    public Optional<Consumer> byApiKey(String key, long nowEpochSeconds) {
        KeyOwner owner = keysByHash.get(sha256Hex(key));
        if (owner == null || owner.expiresAt() != null && nowEpochSeconds >= owner.expiresAt()) {
            return Optional.empty();
        }
        return consumer(owner.consumerId(), owner.credentialId());
    }

    public Optional<BasicCredential> basic(String username) {
        return Optional.ofNullable(basicByUsername.get(username));
    }

    public Optional<JwtKey> jwt(String key) {
        return Optional.ofNullable(jwtByKey.get(key));
    }

    /** All consumer ids, for diagnostics. */
    public List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }
}
