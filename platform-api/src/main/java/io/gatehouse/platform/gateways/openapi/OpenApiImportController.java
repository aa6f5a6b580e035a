package io.gatehouse.platform.gateways.openapi;

import java.util.List;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.platform.gateways.declarative.ConfigDiff;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/control-planes/{cp}/openapi-import}: a service and routes from an OpenAPI 3 document. */
@ApiController("/api/v1/control-planes/{controlPlane}/openapi-import")
@Tag(name = "OpenAPI import", description = "Create a service and its routes from an OpenAPI 3 document")
class OpenApiImportController {

    private final OpenApiImport openApi;
    private final CurrentCaller caller;

    OpenApiImportController(OpenApiImport openApi, CurrentCaller caller) {
        this.openApi = openApi;
        this.caller = caller;
    }

    @PostMapping
    @Operation(summary = "Import an OpenAPI 3 document (YAML or JSON); ?dry_run=true only returns the diff")
    ConfigDiff importDocument(@PathVariable String controlPlane, @RequestBody String body,
            @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        caller.requireOrgRole(dryRun ? OrgRole.VIEWER : OrgRole.EDITOR);
        JsonNode document;
        String text = body == null ? "" : body.strip();
        try {
            document = text.startsWith("{") ? ConfigJson.json().readTree(text) : ConfigJson.yaml().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("The document is not valid YAML or JSON",
                    List.of(new FieldViolation("", e.getOriginalMessage())));
        }
        if (document == null || !document.isObject()) {
            throw InvalidInputException.field("", "must be an OpenAPI 3 document");
        }
        return openApi.importDocument(controlPlane, document, dryRun);
    }
}
