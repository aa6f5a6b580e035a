package io.gatehouse.platform.gateways.declarative;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/control-planes/{cp}/config}: the whole configuration as a Kong declarative file. */
@ApiController("/api/v1/control-planes/{controlPlane}/config")
@Tag(name = "Declarative config", description = "Export and import a control plane's configuration in Kong's "
        + "declarative format (_format_version 3.0), YAML or JSON")
class DeclarativeController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final DeclarativeConfigs configs;
    private final CurrentCaller caller;

    DeclarativeController(DeclarativeConfigs configs, CurrentCaller caller) {
        this.configs = configs;
        this.caller = caller;
    }

    @GetMapping
    @Operation(summary = "Export the configuration; YAML unless ?format=json or Accept: application/json")
    ResponseEntity<String> export(@PathVariable String controlPlane, @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        caller.requireOrgRole(OrgRole.VIEWER);
        JsonNode config = configs.export(controlPlane);
        boolean json = format != null ? format.equalsIgnoreCase("json")
                : accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE) && !accept.contains("yaml");
        if (format != null && !json && !format.equalsIgnoreCase("yaml")) {
            throw InvalidInputException.field("format", "must be yaml or json");
        }
        String body = json ? ConfigJson.json().writerWithDefaultPrettyPrinter().writeValueAsString(config)
                : ConfigJson.yaml().writeValueAsString(config);
        return ResponseEntity.ok().contentType(json ? MediaType.APPLICATION_JSON : YAML).body(body);
    }

    @PostMapping
    @Operation(summary = "Import a configuration (replace semantics); ?dry_run=true only returns the diff")
    ConfigDiff importConfig(@PathVariable String controlPlane, @RequestBody String body,
            @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        caller.requireOrgRole(dryRun ? OrgRole.VIEWER : OrgRole.EDITOR);
        return configs.importConfig(controlPlane, parse(body), dryRun);
    }

    @PutMapping
    @Operation(summary = "Import a configuration (same as POST)")
    ConfigDiff replaceConfig(@PathVariable String controlPlane, @RequestBody String body,
            @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        return importConfig(controlPlane, body, dryRun);
    }

    /** Reads YAML or JSON (JSON is read by the YAML parser too, but its own parser gives better messages). */
    static JsonNode parse(String body) {
        String text = body == null ? "" : body.strip();
        try {
            return text.startsWith("{") ? ConfigJson.json().readTree(text) : ConfigJson.yaml().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("The file is not valid YAML or JSON",
                    List.of(new io.gatehouse.platform.shared.errors.FieldViolation("",
                            e.getOriginalMessage().toLowerCase(Locale.ROOT))));
        }
    }
}
