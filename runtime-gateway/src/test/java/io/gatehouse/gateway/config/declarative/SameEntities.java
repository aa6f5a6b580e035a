package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.DeclarativeConfig;

/** Compares configs entity by entity, ignoring the order of each list (it carries no meaning). */
final class SameEntities {

    private SameEntities() {
    }

    static void assertSameEntities(DeclarativeConfig actual, DeclarativeConfig expected) {
        assertThat(actual.services()).containsExactlyInAnyOrderElementsOf(expected.services());
        assertThat(actual.routes()).containsExactlyInAnyOrderElementsOf(expected.routes());
        assertThat(actual.upstreams()).containsExactlyInAnyOrderElementsOf(expected.upstreams());
        assertThat(actual.targets()).containsExactlyInAnyOrderElementsOf(expected.targets());
        assertThat(actual.consumers()).containsExactlyInAnyOrderElementsOf(expected.consumers());
        assertThat(actual.consumerGroups()).containsExactlyInAnyOrderElementsOf(expected.consumerGroups());
        assertThat(actual.keyAuthCredentials()).containsExactlyInAnyOrderElementsOf(expected.keyAuthCredentials());
        assertThat(actual.basicAuthCredentials()).containsExactlyInAnyOrderElementsOf(expected.basicAuthCredentials());
        assertThat(actual.jwtSecrets()).containsExactlyInAnyOrderElementsOf(expected.jwtSecrets());
        assertThat(actual.acls()).containsExactlyInAnyOrderElementsOf(expected.acls());
        assertThat(actual.plugins()).containsExactlyInAnyOrderElementsOf(expected.plugins());
        assertThat(actual.certificates()).containsExactlyInAnyOrderElementsOf(expected.certificates());
        assertThat(actual.snis()).containsExactlyInAnyOrderElementsOf(expected.snis());
        assertThat(actual.caCertificates()).containsExactlyInAnyOrderElementsOf(expected.caCertificates());
    }

}
