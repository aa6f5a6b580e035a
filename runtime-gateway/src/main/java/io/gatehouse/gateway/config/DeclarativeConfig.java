package io.gatehouse.gateway.config;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A whole gateway configuration as flat entity lists, each entity pointing at its parent by an
 * {@link EntityRef}. This is the normalised form: what the control plane stores, what config sync
 * sends (as JSON of this record), what the gateway compiles, and what {@code ConfigHash} hashes.
 * The nested Kong declarative file format ({@code _format_version: "3.0"}) is read into and written
 * from it by {@code io.gatehouse.gateway.config.declarative}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeclarativeConfig(
        List<ServiceDefinition> services,
        List<RouteDefinition> routes,
        List<UpstreamDefinition> upstreams,
        List<TargetDefinition> targets,
        List<ConsumerDefinition> consumers,
        @JsonProperty("consumer_groups") List<ConsumerGroupDefinition> consumerGroups,
        @JsonProperty("keyauth_credentials") List<KeyAuthCredential> keyAuthCredentials,
        @JsonProperty("basicauth_credentials") List<BasicAuthCredential> basicAuthCredentials,
        @JsonProperty("jwt_secrets") List<JwtCredential> jwtSecrets,
        List<AclGroup> acls,
        List<PluginDefinition> plugins,
        List<CertificateDefinition> certificates,
        List<SniDefinition> snis,
        @JsonProperty("ca_certificates") List<CaCertificateDefinition> caCertificates) {

    public DeclarativeConfig {
        services = Values.list(services);
        routes = Values.list(routes);
        upstreams = Values.list(upstreams);
        targets = Values.list(targets);
        consumers = Values.list(consumers);
        consumerGroups = Values.list(consumerGroups);
        keyAuthCredentials = Values.list(keyAuthCredentials);
        basicAuthCredentials = Values.list(basicAuthCredentials);
        jwtSecrets = Values.list(jwtSecrets);
        acls = Values.list(acls);
        plugins = Values.list(plugins);
        certificates = Values.list(certificates);
        snis = Values.list(snis);
        caCertificates = Values.list(caCertificates);
    }

    /** A config with nothing in it. */
    public static DeclarativeConfig empty() {
        return builder().build();
    }

    /** A builder starting from nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's lists. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.services.addAll(services);
        builder.routes.addAll(routes);
        builder.upstreams.addAll(upstreams);
        builder.targets.addAll(targets);
        builder.consumers.addAll(consumers);
        builder.consumerGroups.addAll(consumerGroups);
        builder.keyAuthCredentials.addAll(keyAuthCredentials);
        builder.basicAuthCredentials.addAll(basicAuthCredentials);
        builder.jwtSecrets.addAll(jwtSecrets);
        builder.acls.addAll(acls);
        builder.plugins.addAll(plugins);
        builder.certificates.addAll(certificates);
        builder.snis.addAll(snis);
        builder.caCertificates.addAll(caCertificates);
        return builder;
    }

    /** Collects entities; the lists are public so callers can add, replace or sort in place. */
    public static final class Builder {

        public final List<ServiceDefinition> services = new ArrayList<>();
        public final List<RouteDefinition> routes = new ArrayList<>();
        public final List<UpstreamDefinition> upstreams = new ArrayList<>();
        public final List<TargetDefinition> targets = new ArrayList<>();
        public final List<ConsumerDefinition> consumers = new ArrayList<>();
        public final List<ConsumerGroupDefinition> consumerGroups = new ArrayList<>();
        public final List<KeyAuthCredential> keyAuthCredentials = new ArrayList<>();
        public final List<BasicAuthCredential> basicAuthCredentials = new ArrayList<>();
        public final List<JwtCredential> jwtSecrets = new ArrayList<>();
        public final List<AclGroup> acls = new ArrayList<>();
        public final List<PluginDefinition> plugins = new ArrayList<>();
        public final List<CertificateDefinition> certificates = new ArrayList<>();
        public final List<SniDefinition> snis = new ArrayList<>();
        public final List<CaCertificateDefinition> caCertificates = new ArrayList<>();

        private Builder() {
        }

        public Builder service(ServiceDefinition service) {
            services.add(service);
            return this;
        }

        public Builder route(RouteDefinition route) {
            routes.add(route);
            return this;
        }

        public Builder upstream(UpstreamDefinition upstream) {
            upstreams.add(upstream);
            return this;
        }

        public Builder target(TargetDefinition target) {
            targets.add(target);
            return this;
        }

        public Builder consumer(ConsumerDefinition consumer) {
            consumers.add(consumer);
            return this;
        }

        public Builder consumerGroup(ConsumerGroupDefinition group) {
            consumerGroups.add(group);
            return this;
        }

        public Builder keyAuth(KeyAuthCredential credential) {
            keyAuthCredentials.add(credential);
            return this;
        }

        public Builder basicAuth(BasicAuthCredential credential) {
            basicAuthCredentials.add(credential);
            return this;
        }

        public Builder jwtSecret(JwtCredential credential) {
            jwtSecrets.add(credential);
            return this;
        }

        public Builder acl(AclGroup acl) {
            acls.add(acl);
            return this;
        }

        public Builder plugin(PluginDefinition plugin) {
            plugins.add(plugin);
            return this;
        }

        public Builder certificate(CertificateDefinition certificate) {
            certificates.add(certificate);
            return this;
        }

        public Builder sni(SniDefinition sni) {
            snis.add(sni);
            return this;
        }

        public Builder caCertificate(CaCertificateDefinition caCertificate) {
            caCertificates.add(caCertificate);
            return this;
        }

        public DeclarativeConfig build() {
            return new DeclarativeConfig(services, routes, upstreams, targets, consumers, consumerGroups,
                    keyAuthCredentials, basicAuthCredentials, jwtSecrets, acls, plugins, certificates, snis,
                    caCertificates);
        }

    }

}
