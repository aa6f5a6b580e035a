package io.gatehouse.gateway.sync;

import java.util.ArrayList;
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

/**
 * Connects config sync to the gateway runtime: a synced config becomes a {@link DeclarativeConfig}, is
 * validated and compiled by the {@link ConfigCompiler} (off the request path), and the returned step swaps
 * the compiled snapshot into the {@link ConfigHolder} atomically. Requests in flight finish on the snapshot
 * they started with.
 */
public final class RuntimeApplier implements ConfigApplier {

    private static final int MAX_DETAILS = 50;

    private final ConfigCompiler compiler;
    private final ConfigHolder holder;

    public RuntimeApplier(ConfigCompiler compiler, ConfigHolder holder) {
        this.compiler = compiler;
        this.holder = holder;
    }

    @Override
    public Runnable prepare(SyncedConfig config) throws RejectedConfigException {
        GatewaySnapshot snapshot;
        try {
            snapshot = compiler.compile(declarative(config), config.revision(), config.hash(), holder.current());
        }
        catch (ConfigException ex) {
            throw new RejectedConfigException("the config does not compile on this gateway",
                    ex.violations().stream().limit(MAX_DETAILS).map(Object::toString).toList());
        }
        catch (IllegalArgumentException ex) {
            throw new RejectedConfigException("the config does not compile on this gateway: " + ex.getMessage(),
                    List.of());
        }
        return () -> holder.swap(snapshot);
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
        List<T> definitions = new ArrayList<>();
        for (SyncEntity entity : config.ofType(type)) {
            definitions.add(config.definition(entity, definition));
        }
        return definitions;
    }
}
