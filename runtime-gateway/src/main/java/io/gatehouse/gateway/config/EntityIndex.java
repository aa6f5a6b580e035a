package io.gatehouse.gateway.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the entity an {@link EntityRef} points at in constant time: by id when the reference has one,
 * else by name (for consumers: username, then custom_id). The first entity with a given id or name
 * wins, as the validator reports later duplicates.
 *
 * @param <T> the entity type
 */
public final class EntityIndex<T> {

    private final List<T> entities;
    private final Map<String, Integer> byId;
    private final Map<String, Integer> byName;

    @SafeVarargs
    private EntityIndex(List<T> entities, Function<T, String> id, Function<T, String>... names) {
        this.entities = entities;
        // sized up front: a config of 50,000 services would otherwise rehash these maps a dozen times
        this.byId = new HashMap<>(Math.max(16, entities.size() * 4 / 3 + 1));
        this.byName = new HashMap<>(Math.max(16, names.length * entities.size() * 4 / 3 + 1));
        for (int i = 0; i < entities.size(); i++) {
            T entity = entities.get(i);
            if (entity == null) {
                continue;
            }
            putFirst(byId, id.apply(entity), i);
        }
        for (Function<T, String> name : names) {
            for (int i = 0; i < entities.size(); i++) {
                if (entities.get(i) != null) {
                    putFirst(byName, name.apply(entities.get(i)), i);
                }
            }
        }
    }

    private static void putFirst(Map<String, Integer> map, String key, int index) {
        if (key != null) {
            map.putIfAbsent(key, index);
        }
    }

    public static EntityIndex<ServiceDefinition> services(List<ServiceDefinition> services) {
        return new EntityIndex<>(services, ServiceDefinition::id, ServiceDefinition::name);
    }

    public static EntityIndex<RouteDefinition> routes(List<RouteDefinition> routes) {
        return new EntityIndex<>(routes, RouteDefinition::id, RouteDefinition::name);
    }

    public static EntityIndex<UpstreamDefinition> upstreams(List<UpstreamDefinition> upstreams) {
        return new EntityIndex<>(upstreams, UpstreamDefinition::id, UpstreamDefinition::name);
    }

    /** Consumers are found by id, username, or custom_id. */
    public static EntityIndex<ConsumerDefinition> consumers(List<ConsumerDefinition> consumers) {
        return new EntityIndex<>(consumers, ConsumerDefinition::id, ConsumerDefinition::username,
                ConsumerDefinition::customId);
    }

    public static EntityIndex<ConsumerGroupDefinition> consumerGroups(List<ConsumerGroupDefinition> groups) {
        return new EntityIndex<>(groups, ConsumerGroupDefinition::id, ConsumerGroupDefinition::name);
    }

    /** Certificates have no name: they are found by id only. */
    public static EntityIndex<CertificateDefinition> certificates(List<CertificateDefinition> certificates) {
        return new EntityIndex<>(certificates, CertificateDefinition::id);
    }

    /** The position of the referenced entity in the list, or -1 (also for a null reference). */
    public int indexOf(EntityRef ref) {
        if (ref == null) {
            return -1;
        }
        Integer index = ref.id() != null ? byId.get(ref.id()) : ref.name() != null ? byName.get(ref.name()) : null;
        return index == null ? -1 : index;
    }

    /** The referenced entity, if it is in the list. */
    public Optional<T> find(EntityRef ref) {
        int index = indexOf(ref);
        return index < 0 ? Optional.empty() : Optional.of(entities.get(index));
    }

}
