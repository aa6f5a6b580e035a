package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import org.junit.jupiter.api.Test;

class DeclarativeReaderErrorsTests {

    private static java.util.List<ConfigViolation> violations(String yaml) {
        return DeclarativeReader.read(yaml).violations();
    }

    @Test
    void fieldsWeDoNotModelAreRejectedWithTheirPath() {
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: s
				  host: h
				  tls_verify: true
				  routes:
				  - name: r
				    paths: [/]
				    sources: [{ip: 10.0.0.1}]
				"""))
            .containsExactly(new ConfigViolation("services[0].tls_verify", ConfigMessages.UNKNOWN_FIELD));
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: s
				  host: h
				  routes:
				  - name: r
				    paths: [/]
				    sources: [{ip: 10.0.0.1}]
				"""))
            .containsExactly(new ConfigViolation("services[0].routes[0].sources", ConfigMessages.UNKNOWN_FIELD));
        assertThat(violations("_format_version: \"3.0\"\nvaults: []\n"))
            .containsExactly(new ConfigViolation("vaults", ConfigMessages.UNKNOWN_FIELD));
    }

    @Test
    void wrongTypesNameTheField() {
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: s
				  host: h
				  port: eighty
				"""))
            .containsExactly(new ConfigViolation("services[0].port", "expected an integer"));
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: s
				  host: h
				  retry:
				    per_try_timeout: 15 seconds
				"""))
            .extracting(ConfigViolation::path)
            .containsExactly("services[0].retry.per_try_timeout");
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: s
				  host: h
				  retry:
				    retriable_request_headers: [{type: Suffix, name: x}]
				"""))
            .containsExactly(new ConfigViolation("services[0].retry.retriable_request_headers[0].type",
                    "expected one of: Exact, Present, RegularExpression, Absent, Prefix"));
    }

    @Test
    void formatVersionIsRequiredAndMustBe30() {
        assertThat(violations("services: []\n"))
            .containsExactly(new ConfigViolation("_format_version", ConfigMessages.FORMAT_VERSION_REQUIRED));
        assertThat(violations("_format_version: \"2.1\"\n"))
            .containsExactly(new ConfigViolation("_format_version", ConfigMessages.UNSUPPORTED_FORMAT_VERSION));
        assertThat(violations("_format_version: \"3.0\"\n_transform: true\n")).isEmpty();
        assertThat(violations("_format_version: \"3.0\"\n_transform: false\n")).extracting(ConfigViolation::path)
            .containsExactly("_transform");
    }

    @Test
    void unreadableInputIsOneViolation() {
        assertThat(violations("services: [unclosed\n")).singleElement()
            .satisfies(v -> assertThat(v.message()).startsWith("cannot read config:"));
        assertThat(violations("- just\n- a list\n"))
            .containsExactly(new ConfigViolation("", ConfigMessages.EXPECTED_OBJECT));
        assertThat(violations("_format_version: \"3.0\"\nservices: {name: s}\n"))
            .containsExactly(new ConfigViolation("services", ConfigMessages.EXPECTED_LIST));
    }

    @Test
    void nestedEntitiesMustNotNameTheirParent() {
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: s
				  host: h
				  routes:
				  - name: r
				    service: other
				    paths: [/]
				"""))
            .containsExactly(new ConfigViolation("services[0].routes[0].service", ConfigMessages.NESTED_REFERENCE));
    }

    @Test
    void validationPathsPointIntoTheFile() {
        assertThat(violations("""
				_format_version: "3.0"
				services:
				- name: a
				  host: a.internal
				- name: s
				  host: h
				  routes:
				  - name: ok
				    paths: [/ok]
				  - name: bad
				    paths: [/ok, nope]
				    plugins:
				    - name: rate-limiting
				      config: {minute: 0}
				consumers:
				- username: ann
				  keyauth_credentials:
				  - {}
				plugins:
				- name: no-such-plugin
				"""))
            .containsExactly(
                    new ConfigViolation("services[1].routes[1].paths[1]", ConfigMessages.INVALID_PATH),
                    new ConfigViolation("consumers[0].keyauth_credentials[0].key",
                            "exactly one of key or key_hash is required"),
                    new ConfigViolation("services[1].routes[1].plugins[0].config.minute", "must be at least 1"),
                    new ConfigViolation("plugins[0].name", "unknown plugin: no-such-plugin"));
    }

    @Test
    void certificateSnisAreNestedObjectsWithANameOnly() {
        assertThat(violations("""
				_format_version: "3.0"
				certificates:
				- cert: x
				  key: y
				  snis:
				  - name: a.example.com
				    tags: [t]
				"""))
            .containsExactly(new ConfigViolation("certificates[0].snis[0].tags", ConfigMessages.UNKNOWN_FIELD));
    }

    @Test
    void unnamedParentsGetAStableGeneratedId() {
        String yaml = """
				_format_version: "3.0"
				services:
				- host: h
				  routes:
				  - paths: [/]
				""";
        DeclarativeDocument first = DeclarativeReader.read(yaml);
        assertThat(first.violations()).isEmpty();
        String id = first.config().services().get(0).id();
        assertThat(id).isNotNull().isEqualTo(DeclarativeReader.read(yaml).config().services().get(0).id());
        assertThat(first.config().routes().get(0).service().id()).isEqualTo(id);
    }

}
