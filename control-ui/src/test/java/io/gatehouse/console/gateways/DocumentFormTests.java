package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Forms built from Kong paths: typed text becomes the JSON of each path, emptied fields are removed, wrong types
 * and the gateway's messages sit on the field that holds their path, secrets are never filled in, and every
 * form's fields render with their label and message.
 */
class DocumentFormTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void typedTextBecomesTheJsonOfEachPathAndEmptiedFieldsAreRemoved() {
        ObjectNode stored = (ObjectNode) json.readTree("""
                {"name": "pool", "slots": 100, "healthchecks": {"active": {"http_path": "/old", "timeout": 2}}}""");
        FormState form = FormState.empty();
        UpstreamsController.UPSTREAM_FORM.apply(Map.of("name", "pool", "slots", ""), stored, form, json);
        UpstreamsController.HEALTH_FORM.apply(Map.of("healthchecks.active.http_path", "/health",
                "healthchecks.active.unhealthy.http_statuses", "500, 503"), stored, form, json);

        assertThat(form.hasErrors()).isFalse();
        assertThat(stored.toString()).isEqualTo(
                "{\"name\":\"pool\",\"healthchecks\":{\"active\":{\"http_path\":\"/health\",\"unhealthy\":{\"http_statuses\":[500,503]}}}}");
    }

    @Test
    void textOfTheWrongTypeIsAMessageOnItsFieldAndSecretsAreNeverShown() {
        FormState form = FormState.empty();
        ObjectNode body = RoutesController.ROUTE_FORM.apply(Map.of("regex_priority", "high",
                "headers", "no colon here"), json.createObjectNode(), form, json);
        assertThat(form.error("regex_priority")).isEqualTo("must be an integer");
        assertThat(form.error("headers")).contains("Name: value");
        assertThat(body.has("regex_priority")).isFalse();

        DocumentForm jwt = ConsumersController.CREDENTIAL_FORMS.get("jwt");
        ObjectNode stored = (ObjectNode) json.readTree("{\"key\": \"k\", \"secret\": \"hmac\"}");
        assertThat(jwt.shown(stored, json).value("secret")).isEmpty();
        assertThat(jwt.typed(Map.of("secret", "typed")).value("secret")).isEmpty();
        jwt.apply(Map.of("key", "k", "secret", ""), stored, FormState.empty(), json);
        assertThat(stored.path("secret").asString()).isEqualTo("hmac");
    }

    @Test
    void aViolationDeeperThanAnyFieldGoesToTheFieldThatHoldsIt() {
        FormState form = FormState.empty();
        form.reject("retry.retry_on[1]", "bad", ServicesController.SERVICE_EDIT_FORM.paths());
        form.reject("headers.X-Version[0]", "bad value", RoutesController.ROUTE_FORM.paths());
        assertThat(form.error("retry.retry_on")).isEqualTo("retry.retry_on[1] bad");
        assertThat(form.error("headers")).isEqualTo("headers.X-Version[0] bad value");
    }

    @Test
    void everyFormRendersEachFieldWithItsLabelAndMessage() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        for (DocumentForm documentForm : java.util.List.of(ConsumersController.CREDENTIAL_FORMS.get("basic-auth"),
                ConsumersController.CREDENTIAL_FORMS.get("jwt"), ConsumersController.CREDENTIAL_FORMS.get("acls"),
                RoutesController.ROUTE_FORM, CertificatesController.CERTIFICATE_FORM)) {
            Context context = new Context();
            FormState form = FormState.empty();
            form.reject(documentForm.fields().get(0).path(), "is wrong", documentForm.paths());
            context.setVariable("form", form);
            context.setVariable("fields", documentForm.fields());
            String html = engine.process("gateways/forms", java.util.Set.of("document"), context);
            for (DocumentForm.Field field : documentForm.fields()) {
                assertThat(html).contains("name=\"" + field.path() + "\"", field.label());
            }
            assertThat(html).contains("id=\"" + documentForm.fields().get(0).id() + "-error\"");
        }
    }
}
