package io.gatehouse.gateway.config;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * A stable content hash of a whole config, so that config sync can tell whether a gateway holds what
 * the control plane expects: lowercase hex SHA-256 of the config's canonical JSON. Canonical means
 * object keys sorted, the entity lists sorted (their order carries no meaning), and integral numbers
 * written as integers (1.0 and 1 hash alike). Hash a {@link ConfigNormalizer normalised} config, so
 * that equal configs hash equal on both sides.
 */
public final class ConfigHash {

    private ConfigHash() {
    }

    /** The hash of a config. */
    public static String of(DeclarativeConfig config) {
        byte[] canonical = canonicalJson(config).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }

    /** The canonical JSON text that {@link #of} hashes. */
    public static String canonicalJson(DeclarativeConfig config) {
        ObjectNode tree = ConfigJson.json().valueToTree(config);
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        tree.propertyNames().stream().sorted().forEach(list -> {
            List<String> entities = new ArrayList<>();
            tree.get(list).values().forEach(entity -> entities.add(compact(canonical(entity))));
            entities.sort(Comparator.naturalOrder());
            ArrayNode sorted = canonical.putArray(list);
            entities.forEach(entity -> sorted.addRawValue(new RawValue(entity)));
        });
        return compact(canonical);
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            node.propertyNames().stream().sorted().forEach(key -> sorted.set(key, canonical(node.get(key))));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.values().forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        if (node.isNumber() && !node.isIntegralNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return value.scale() <= 0 ? JsonNodeFactory.instance.numberNode(value.toBigIntegerExact())
                    : JsonNodeFactory.instance.numberNode(value);
        }
        return node;
    }

    private static String compact(JsonNode node) {
        return ConfigJson.json().writeValueAsString(node);
    }

}
