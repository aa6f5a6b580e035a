package io.gatehouse.gateway.sync;

import java.util.List;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.server.CertificateStore;

/**
 * Connects config sync to the gateway runtime: a synced config becomes a {@link DeclarativeConfig}, is
 * validated and compiled by the {@link ConfigCompiler} (off the request path), and the returned step swaps
 * the compiled snapshot into the {@link ConfigHolder} atomically (and the config's certificates into the
 * {@link CertificateStore} the TLS listener reads at each handshake). Requests in flight finish on the snapshot
 * they started with.
 */
public final class RuntimeApplier implements ConfigApplier {

    private static final int MAX_DETAILS = 50;

    private final ConfigCompiler compiler;
    private final ConfigHolder holder;
    private final CertificateStore certificates;

    public RuntimeApplier(ConfigCompiler compiler, ConfigHolder holder) {
        this(compiler, holder, new CertificateStore());
    }

    /** Also installs each config's certificates and SNIs in {@code certificates}, which the TLS listener reads. */
    public RuntimeApplier(ConfigCompiler compiler, ConfigHolder holder, CertificateStore certificates) {
        this.compiler = compiler;
        this.holder = holder;
        this.certificates = certificates;
    }

    @Override
    public Runnable prepare(SyncedConfig config) throws RejectedConfigException {
        GatewaySnapshot snapshot;
        Runnable installCertificates;
        try {
            DeclarativeConfig declarative = declarative(config);
            snapshot = compiler.compile(declarative, config.revision(), config.hash(), holder.current(), false);
            installCertificates = certificates.prepare(declarative.certificates(), declarative.snis());
        }
        catch (ConfigException ex) {
            throw new RejectedConfigException("the config does not compile on this gateway",
                    ex.violations().stream().limit(MAX_DETAILS).map(Object::toString).toList());
        }
        catch (IllegalArgumentException ex) {
            throw new RejectedConfigException("the config does not compile on this gateway: " + ex.getMessage(),
                    List.of());
        }
        return () -> {
            installCertificates.run();
            holder.swap(snapshot);
        };
    }

    /**
     * A delta of services and routes only is validated against what it touches ({@link DeltaPatch}) and patched
     * into the running snapshot ({@link ConfigCompiler#patch}); any other delta, or one touching many entities,
     * compiles the whole config.
     */
    @Override
    public Runnable prepare(SyncedConfig before, Delta delta, SyncedConfig after) throws RejectedConfigException {
        GatewaySnapshot running = holder.current();
        if (running.revision() != before.revision() || !running.hash().equals(before.hash())) {
            return prepare(after);
        }
        java.util.Optional<ConfigCompiler.Change> change = DeltaPatch.of(before, delta, after);
        if (change.isEmpty()) {
            return prepare(after);
        }
        GatewaySnapshot patched = compiler.patch(running, after.revision(), after.hash(), change.get());
        if (patched == null) {
            return prepare(after);
        }
        return () -> holder.swap(patched);
    }

    /** A synced config as the config language's flat entity lists. */
    public static DeclarativeConfig declarative(SyncedConfig config) {
        return new DeclarativeConfig(read(config, "service", ServiceDefinition.class),
                read(config, "route", RouteDefinition.class), read(config, "upstream", UpstreamDefinition.class),
                read(config, "target", TargetDefinition.class), read(config, "consumer", ConsumerDefinition.class),
                read(config, "consumer_group", ConsumerGroupDefinition.class),
                read(config, "keyauth_credential", KeyAuthCredential.class),
                read(config, "basicauth_credential", BasicAuthCredential.class),
                read(config, "jwt_secret", JwtCredential.class), read(config, "acl", AclGroup.class),
                read(config, "plugin", PluginDefinition.class), read(config, "certificate", CertificateDefinition.class),
                read(config, "sni", SniDefinition.class), read(config, "ca_certificate", CaCertificateDefinition.class));
    }

    private static <T> List<T> read(SyncedConfig config, String type, Class<T> definition) {
        return config.definitions(type, definition);
    }
}
