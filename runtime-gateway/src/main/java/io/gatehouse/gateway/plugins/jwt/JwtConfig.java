package io.gatehouse.gateway.plugins.jwt;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * jwt: verifies a signed JSON Web Token (HS256, RS256, ES256) against the consumer's jwt secret found
 * by the {@code key_claim_name} claim. {@code claims_to_headers} (a Gatehouse addition) copies claims
 * to upstream request headers.
 */
public record JwtConfig(
        @JsonProperty("uri_param_names") List<String> uriParamNames,
        @JsonProperty("cookie_names") List<String> cookieNames,
        @JsonProperty("header_names") List<String> headerNames,
        @JsonProperty("claims_to_verify") List<String> claimsToVerify,
        @JsonProperty("key_claim_name") String keyClaimName,
        @JsonProperty("secret_is_base64") boolean secretIsBase64,
        String anonymous,
        @JsonProperty("run_on_preflight") boolean runOnPreflight,
        @JsonProperty("maximum_expiration") long maximumExpiration,
        @JsonProperty("claims_to_headers") List<String> claimsToHeaders) {

    public static final String NAME = "jwt";
    public static final int PRIORITY = 1450;
    public static final String MAX_EXPIRATION_NEEDS_EXP = "must contain exp when maximum_expiration is set";

    public static final PluginSchema<JwtConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Authenticates consumers by a signed JWT.", JwtConfig.class, List.of(
                    SchemaField.strings("uri_param_names", "Query parameters the token is read from.", List.of("jwt"), Checks.HEADER_NAME),
                    SchemaField.strings("cookie_names", "Cookies the token is read from.", List.of(), Checks.HEADER_NAME),
                    SchemaField.strings("header_names", "Headers the token is read from (Bearer scheme).", List.of("authorization"), Checks.HEADER_NAME),
                    SchemaField.stringsOf("claims_to_verify", "Registered claims to verify: exp (not expired), nbf (already valid).", List.of(), "exp", "nbf"),
                    SchemaField.string("key_claim_name", "Claim that names the consumer's jwt credential key.", "iss"),
                    SchemaField.bool("secret_is_base64", "The HS256 secret is base64-encoded.", false),
                    SchemaField.string("anonymous", "Consumer (id or username) to use when authentication fails; empty to reject with 401.", null),
                    SchemaField.bool("run_on_preflight", "Also authenticate CORS preflight (OPTIONS) requests.", true),
                    SchemaField.integer("maximum_expiration", "Longest allowed token lifetime in seconds (exp must be within it); 0 for no limit. Needs exp in claims_to_verify.", 0)
                        .between(0, 31_536_000),
                    SchemaField.strings("claims_to_headers", "Claims copied to upstream request headers, written claim:Header-Name.", List.of(), Checks.CLAIM_MAPPING)),
            config -> {
                Number max = (Number) config.get("maximum_expiration");
                List<?> claims = (List<?>) config.get("claims_to_verify");
                return max.longValue() > 0 && !claims.contains("exp")
                        ? List.of(new ConfigViolation("claims_to_verify", MAX_EXPIRATION_NEEDS_EXP))
                        : List.of();
            })
        .notForConsumers();

}
