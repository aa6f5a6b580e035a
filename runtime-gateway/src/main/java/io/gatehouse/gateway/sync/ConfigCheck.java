package io.gatehouse.gateway.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import tools.jackson.core.JacksonException;

/**
 * What a gateway checks before it takes a synced config: every entity has a type this gateway knows, and
 * its document reads as that type's definition under the config language's strict rules (unknown
 * fields, wrong types and nulls for required values are errors). A control plane newer than the gateway
 * can send a field the gateway does not know; that is rejected here (and NACKed), not silently dropped.
 */
public final class ConfigCheck {

    /** The wire names of entity types and the definitions their documents must read as. */
    public static final Map<String, Class<?>> DEFINITIONS = Map.ofEntries(
            Map.entry("service", ServiceDefinition.class), Map.entry("route", RouteDefinition.class),
            Map.entry("upstream", UpstreamDefinition.class), Map.entry("target", TargetDefinition.class),
            Map.entry("consumer", ConsumerDefinition.class),
            Map.entry("consumer_group", ConsumerGroupDefinition.class), Map.entry("plugin", PluginDefinition.class),
            Map.entry("keyauth_credential", KeyAuthCredential.class),
            Map.entry("basicauth_credential", BasicAuthCredential.class), Map.entry("jwt_secret", JwtCredential.class),
            Map.entry("acl", AclGroup.class), Map.entry("certificate", CertificateDefinition.class),
            Map.entry("sni", SniDefinition.class), Map.entry("ca_certificate", CaCertificateDefinition.class));

    private static final int MAX_DETAILS = 50;

    private ConfigCheck() {
    }

    /** The problems of a config, one line each (at most 50); empty when it can be applied. */
    public static List<String> problems(SyncedConfig config) {
        List<String> problems = new ArrayList<>();
        String lastType = null;
        Class<?> definition = null;
        for (int i = 0; i < config.size() && problems.size() < MAX_DETAILS; i++) {
            SyncEntity entity = config.entityAt(i);
            if (!entity.type().equals(lastType)) {
                lastType = entity.type();
                definition = DEFINITIONS.get(lastType);
            }
            int at = i;
            addProblem(problems, entity, definition, type -> config.definitionAt(at, type));
        }
        return problems;
    }

    /**
     * The problems of some of a config's entities (those a delta carried: the others were checked when they
     * arrived), one line each (at most 50).
     */
    public static List<String> problems(SyncedConfig config, Collection<SyncEntity> entities) {
        List<String> problems = new ArrayList<>();
        for (SyncEntity entity : entities) {
            if (problems.size() == MAX_DETAILS) {
                break;
            }
            addProblem(problems, entity, DEFINITIONS.get(entity.type()), type -> config.definition(entity, type));
        }
        return problems;
    }

    /** Adds the problem of one entity, if it has one; {@code read} reads its document as its definition. */
    private static void addProblem(List<String> problems, SyncEntity entity, Class<?> definition,
            Consumer<Class<?>> read) {
        if (definition == null) {
            problems.add(entity.type() + " " + entity.id() + ": unknown entity type");
            return;
        }
        if (!entity.isObject()) {
            problems.add(entity.type() + " " + entity.id() + ": the document is not a JSON object");
            return;
        }
        try {
            read.accept(definition);
        }
        catch (JacksonException | IllegalArgumentException ex) {
            String reason = ex instanceof JacksonException jackson ? jackson.getOriginalMessage() : ex.getMessage();
            problems.add(entity.type() + " " + entity.id() + ": " + reason);
        }
    }
}
