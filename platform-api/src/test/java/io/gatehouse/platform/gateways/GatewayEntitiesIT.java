package io.gatehouse.platform.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneChanged;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneRevisions;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.controlplanes.EntityChange;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.Parent;
import io.gatehouse.platform.gateways.entities.Written;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The storage and write path of gateway entities, below the REST API, with a real PostgreSQL. */
@SpringBootTest
@RecordApplicationEvents
class GatewayEntitiesIT {

    @Autowired Organizations organizations;
    @Autowired TenantScopes scopes;
    @Autowired ControlPlanes controlPlanes;
    @Autowired GatewayEntities entities;
    @Autowired ControlPlaneRevisions revisions;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired JsonMapper json;
    @Autowired ApplicationEvents events;

    Organization org;
    ControlPlane plane;

    @BeforeEach
    void setUp() {
        org = organizations.create("gw-" + suffix(), "Gateway test");
        plane = inOrg(() -> controlPlanes.create(new ControlPlaneDraft("cp-" + suffix(), "test", Map.of("env", "dev"))));
    }

    @Test
    void everyWriteBumpsTheRevisionAndAppendsAChangeAndPublishesAfterCommit() {
        Written service = inOrg(() -> entities.create(plane.name(), EntityType.SERVICE, null,
                body("{\"name\":\"orders\",\"url\":\"http://orders.internal:8080/v1\"}")));
        Written route = inOrg(() -> entities.create(plane.name(), EntityType.ROUTE,
                new Parent(EntityType.Reference.SERVICE, "orders"), body("{\"name\":\"orders-route\",\"paths\":[\"/orders\"]}")));

        assertThat(service.revision()).isEqualTo(1);
        assertThat(route.revision()).isEqualTo(2);
        assertThat(route.entity().reference(EntityType.Reference.SERVICE)).isEqualTo(service.entity().id());
        List<EntityChange> changes = inOrg(() -> revisions.changesSince(plane.id(), 0));
        assertThat(changes).extracting(EntityChange::revision, EntityChange::entityType, EntityChange::op)
                .containsExactly(tuple(1L, "service", EntityChange.Op.CREATE),
                        tuple(2L, "route", EntityChange.Op.CREATE));
        assertThat(events.stream(ControlPlaneChanged.class)).contains(new ControlPlaneChanged(org.orgId(), plane.id(), 2));
    }

    @Test
    void aFailedWriteLeavesNoRevisionAndNoChange() {
        assertThatThrownBy(() -> inOrg(() -> entities.create(plane.name(), EntityType.SERVICE, null,
                body("{\"name\":\"bad\",\"port\":\"eighty\"}"))))
                .isInstanceOf(InvalidInputException.class);

        assertThat(inOrg(() -> controlPlanes.get(plane.name())).revision()).isZero();
        assertThat(inOrg(() -> revisions.changesSince(plane.id(), 0))).isEmpty();
    }

    @Test
    void deletingAServiceWithRoutesIsAConflictUnlessCascaded() {
        inOrg(() -> entities.create(plane.name(), EntityType.SERVICE, null, body("{\"name\":\"s1\",\"url\":\"http://a\"}")));
        inOrg(() -> entities.create(plane.name(), EntityType.ROUTE, null,
                body("{\"name\":\"r1\",\"paths\":[\"/a\"],\"service\":{\"name\":\"s1\"}}")));

        assertThatThrownBy(() -> inOrg(() -> entities.delete(plane.name(), EntityType.SERVICE, null, "s1", false, null)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("route 'r1'");
        long revision = inOrg(() -> entities.delete(plane.name(), EntityType.SERVICE, null, "s1", true, null));

        assertThat(revision).isEqualTo(3);
        assertThatThrownBy(() -> inOrg(() -> entities.get(plane.name(), EntityType.ROUTE, null, "r1")))
                .isInstanceOf(NotFoundException.class);
        assertThat(inOrg(() -> revisions.changesSince(plane.id(), 2))).extracting(EntityChange::entityType)
                .containsExactly("route", "service");
    }

    @Test
    void keysAreStoredOnlyAsHashes() {
        inOrg(() -> entities.create(plane.name(), EntityType.CONSUMER, null, body("{\"username\":\"alice\"}")));
        Written key = inOrg(() -> entities.create(plane.name(), EntityType.KEY_AUTH,
                new Parent(EntityType.Reference.CONSUMER, "alice"), body("{\"key\":\"s3cr3t-key\"}")));
        Written generated = inOrg(() -> entities.create(plane.name(), EntityType.KEY_AUTH,
                new Parent(EntityType.Reference.CONSUMER, "alice"), body("{}")));

        String stored = inOrg(() -> tx.execute(s -> jdbc.queryForObject(
                "select document::text from gw_entity where id = ?", String.class, key.entity().id())));
        assertThat(stored).doesNotContain("s3cr3t-key").contains(io.gatehouse.gateway.config.secrets.SecretHashes.keyHash("s3cr3t-key"));
        assertThat(generated.generatedKey()).hasSizeGreaterThan(30);
        assertThat(generated.entity().document().toString()).doesNotContain(generated.generatedKey());
    }

    @Test
    void listingIsKeysetPagedAndFiltersByTags() {
        for (int i = 0; i < 5; i++) {
            String tags = i % 2 == 0 ? "[\"even\",\"all\"]" : "[\"odd\",\"all\"]";
            int n = i;
            inOrg(() -> entities.create(plane.name(), EntityType.SERVICE, null,
                    body("{\"name\":\"svc" + n + "\",\"url\":\"http://a\",\"tags\":" + tags + "}")));
        }
        var first = inOrg(() -> entities.list(plane.name(), EntityType.SERVICE, null, EntityFilter.none(), 2, null));
        var second = inOrg(() -> entities.list(plane.name(), EntityType.SERVICE, null, EntityFilter.none(), 2, first.offset()));
        var third = inOrg(() -> entities.list(plane.name(), EntityType.SERVICE, null, EntityFilter.none(), 2, second.offset()));

        assertThat(first.data()).hasSize(2);
        assertThat(third.data()).hasSize(1);
        assertThat(third.offset()).isNull();
        assertThat(inOrg(() -> entities.list(plane.name(), EntityType.SERVICE, null, EntityFilter.ofTags("even,all"), 10, null))
                .data()).hasSize(3);
        assertThat(inOrg(() -> entities.list(plane.name(), EntityType.SERVICE, null, EntityFilter.ofTags("odd/even"), 10, null))
                .data()).hasSize(5);
    }

    @Test
    void anotherOrganizationsControlPlaneIsNotFound() {
        Organization other = organizations.create("gw-other-" + suffix(), "Other");

        assertThatThrownBy(() -> scopes.call(TenantScope.org(other.orgId()), () -> controlPlanes.get(plane.id().toString())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scopes.call(TenantScope.org(other.orgId()), () -> entities.create(plane.id().toString(),
                EntityType.SERVICE, null, body("{\"name\":\"x\",\"url\":\"http://a\"}"))))
                .isInstanceOf(NotFoundException.class);
    }

    private ObjectNode body(String text) {
        return (ObjectNode) json.readTree(text);
    }

    private <T> T inOrg(java.util.function.Supplier<T> work) {
        return scopes.call(TenantScope.org(org.orgId()), work);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
