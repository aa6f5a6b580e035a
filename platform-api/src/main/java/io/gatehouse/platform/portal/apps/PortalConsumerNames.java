package io.gatehouse.platform.portal.apps;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.analytics.ConsumerNames;
import io.gatehouse.platform.portal.PortalTags;

/**
 * Names portal applications' consumers in traffic analytics ({@code group_by=consumer}, the console's top
 * consumers) after the application — also once the consumer is gone from the gateway configuration, since its id
 * is derived from the application and the control plane. Runs in the caller's tenant scope.
 */
@Component
class PortalConsumerNames implements ConsumerNames {

    private final JdbcClient jdbc;

    PortalConsumerNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(UUID controlPlane, Collection<String> consumers) {
        Set<String> wanted = new HashSet<>(consumers);
        Map<String, String> names = new HashMap<>();
        jdbc.sql("""
                select distinct a.id, a.name from portal_application a
                join portal_registration r on r.application_id = a.id
                join portal_product_version v on v.id = r.version_id
                where v.control_plane_id = :plane
                """).param("plane", controlPlane).query(rs -> {
                    String consumer = PortalTags.consumerId(rs.getObject(1, UUID.class), controlPlane).toString();
                    if (wanted.contains(consumer)) {
                        names.put(consumer, rs.getString(2) + " (portal application)");
                    }
                });
        return names;
    }
}
