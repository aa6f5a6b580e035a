package io.gatehouse.gateway.runtime;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.DeclarativeConfig;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Kong-style declarative file (YAML or JSON): accepts the file's {@code _format_version} and
 * {@code _transform} keys and Kong's nesting (routes and plugins inside services, plugins inside routes,
 * targets inside upstreams, credentials and plugins inside consumers), flattening it into the
 * {@link DeclarativeConfig} the compiler takes, with each nested entity pointing at its parent.
 */
public final class KongFileReader {

  /** Nested collections of a consumer and the top-level collection each belongs to. */
  private static final Map<String, String> CONSUMER_CHILDREN = Map.of(
      "keyauth_credentials", "keyauth_credentials",
      "basicauth_credentials", "basicauth_credentials",
      "jwt_secrets", "jwt_secrets",
      "acls", "acls",
      "plugins", "plugins");

  private KongFileReader() {
  }

  /** A parsed file and the SHA-256 of its bytes (the config hash reported on /status). */
  public record Loaded(DeclarativeConfig config, String hash) {
  }

  public static Loaded read(byte[] content) {
    JsonNode tree = ConfigJson.yaml().readTree(content);
    if (!(tree instanceof ObjectNode root)) {
      throw new IllegalArgumentException("a declarative config file must be a mapping");
    }
    root.remove("_format_version");
    root.remove("_transform");
    root.remove("_comment");
    ArrayNode routes = array(root, "routes");
    ArrayNode plugins = array(root, "plugins");
    ArrayNode targets = array(root, "targets");
    for (JsonNode service : array(root, "services")) {
      ObjectNode s = (ObjectNode) service;
      String ref = reference(s);
      for (JsonNode route : take(s, "routes")) {
        ObjectNode r = (ObjectNode) route;
        r.put("service", ref);
        for (JsonNode plugin : take(r, "plugins")) {
          ((ObjectNode) plugin).put("route", reference(r));
          plugins.add(plugin);
        }
        routes.add(r);
      }
      for (JsonNode plugin : take(s, "plugins")) {
        ((ObjectNode) plugin).put("service", ref);
        plugins.add(plugin);
      }
    }
    for (JsonNode route : routes) {
      ObjectNode r = (ObjectNode) route;
      for (JsonNode plugin : take(r, "plugins")) {
        ((ObjectNode) plugin).put("route", reference(r));
        plugins.add(plugin);
      }
    }
    for (JsonNode upstream : array(root, "upstreams")) {
      ObjectNode u = (ObjectNode) upstream;
      for (JsonNode target : take(u, "targets")) {
        ((ObjectNode) target).put("upstream", reference(u));
        targets.add(target);
      }
    }
    for (JsonNode consumer : array(root, "consumers")) {
      ObjectNode c = (ObjectNode) consumer;
      String ref = c.has("username") ? c.get("username").asString() : c.get("id").asString();
      for (Map.Entry<String, String> child : CONSUMER_CHILDREN.entrySet()) {
        ArrayNode into = array(root, child.getValue());
        for (JsonNode item : take(c, child.getKey())) {
          ((ObjectNode) item).put("consumer", ref);
          into.add(item);
        }
      }
    }
    for (String name : List.copyOf(root.propertyNames())) {
      if (root.get(name) instanceof ArrayNode array && array.isEmpty()) {
        root.remove(name);
      }
    }
    DeclarativeConfig config = ConfigJson.yaml().treeToValue(root, DeclarativeConfig.class);
    return new Loaded(config, sha256(content));
  }

  private static String reference(ObjectNode entity) {
    return entity.has("id") ? entity.get("id").asString() : entity.get("name").asString();
  }

  private static ArrayNode array(ObjectNode root, String name) {
    JsonNode node = root.get(name);
    if (node instanceof ArrayNode array) {
      return array;
    }
    return root.putArray(name);
  }

  private static ArrayNode take(ObjectNode parent, String name) {
    JsonNode node = parent.remove(name);
    return node instanceof ArrayNode array ? array : ConfigJson.yaml().createArrayNode();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
