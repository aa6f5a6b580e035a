package io.gatehouse.platform.gateways.entities;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entity as the Admin API shows it: Kong's shape ({@code id}, the definition's fields, references as
 * {@code {"id": …}}, {@code created_at}/{@code updated_at} in epoch seconds), with every secret and hash
 * left out.
 */
@Component
public class EntityJson {

    private final JsonMapper json;

    EntityJson(JsonMapper json) {
        this.json = json;
    }

    public ObjectNode present(GatewayEntity entity) {
        ObjectNode view = json.createObjectNode();
        view.put("id", entity.id().toString());
        view.setAll(Secrets.hide(entity.type(), entity.document().deepCopy()));
        entity.references().forEach((reference, id) -> view.putObject(reference.field()).put("id", id.toString()));
        view.put("created_at", entity.createdAt().getEpochSecond());
        view.put("updated_at", entity.updatedAt().getEpochSecond());
        return view;
    }

    /** The entity after a write; a key generated for the caller is shown this once. */
    public ObjectNode present(Written written) {
        ObjectNode view = present(written.entity());
        if (written.generatedKey() != null) {
            view.put("key", written.generatedKey());
        }
        return view;
    }

    /** The definition as the gateway and an export see it: hashes kept, clear-stored secrets left out. */
    public ObjectNode exported(GatewayEntity entity) {
        return Secrets.hideClear(entity.type(), entity.document().deepCopy());
    }
}
