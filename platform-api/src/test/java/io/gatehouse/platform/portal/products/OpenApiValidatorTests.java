package io.gatehouse.platform.portal.products;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Bad OpenAPI documents, YAML and JSON, 3.0 and 3.1: each problem with the line a person would look at and words
 * they understand, from the specification's JSON Schema and from the rules it cannot express.
 */
class OpenApiValidatorTests {

    private static final OpenApiValidator VALIDATOR = new OpenApiValidator();

    static final String GOOD_30 = """
            openapi: 3.0.3
            info:
              title: Pets
              version: "1.0"
            servers:
              - url: https://api.example.com/v1
            paths:
              /pets/{petId}:
                get:
                  operationId: getPet
                  parameters:
                    - name: petId
                      in: path
                      required: true
                      schema:
                        type: string
                  responses:
                    "200":
                      description: a pet
                      content:
                        application/json:
                          schema:
                            $ref: "#/components/schemas/Pet"
            components:
              schemas:
                Pet:
                  type: object
                  required: [id]
                  properties:
                    id:
                      type: integer
                      format: int64
                    name:
                      type: string
                      nullable: true
              securitySchemes:
                key:
                  type: apiKey
                  name: apikey
                  in: header
            security:
              - key: []
            """;

    @Test
    void validDocumentsHaveNoProblems() {
        assertThat(describe(GOOD_30)).isEmpty();
        assertThat(describe(GOOD_30.replace("openapi: 3.0.3", "openapi: 3.1.0").replace("      nullable: true\n", "")))
                .isEmpty();
        assertThat(describe("""
                {
                  "openapi": "3.1.0",
                  "info": {"title": "Hooks", "version": "2", "license": {"name": "MIT", "identifier": "MIT"}},
                  "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}}
                }
                """)).isEmpty();
        OpenApiCheck check = VALIDATOR.check(GOOD_30);
        assertThat(check.title()).isEqualTo("Pets");
        assertThat(check.version()).isEqualTo("1.0");
        assertThat(check.format()).isEqualTo("yaml");
    }

    @Test
    void missingInfoAndMissingFieldsAreReportedAtTheParentsLine() {
        assertThat(describe("""
                openapi: 3.0.3
                paths: {}
                """)).containsExactly("line 1: /info: info is required.");
        assertThat(describe("""
                openapi: 3.0.3
                info:
                  version: "1"
                paths:
                  /pets:
                    get:
                      responses:
                        "200":
                          content: {}
                """)).containsExactly(
                        "line 2: /info: title is required.",
                        "line 8: /paths/~1pets/get/responses/200: description is required.");
    }

    @Test
    void wrongTypesAndUnknownFieldsNameTheFieldAndItsLine() {
        List<String> problems = describe("""
                openapi: 3.0.3
                info:
                  title: Pets
                  version: 2
                  colour: blue
                paths:
                  /pets:
                    get:
                      deprecated: "yes"
                      tags: pets
                      responses:
                        "200":
                          description: ok
                        "600":
                          description: not a status
                components:
                  schemas:
                    Pet:
                      type: strin
                """);
        assertThat(problems).containsExactly(
                "line 4: /info/version: must be a string, not an integer.",
                "line 5: /info/colour: 'colour' is not allowed here.",
                "line 9: /paths/~1pets/get/deprecated: must be a boolean, not a string.",
                "line 10: /paths/~1pets/get/tags: must be an array, not a string.",
                "line 14: /paths/~1pets/get/responses/600: '600' is not allowed here.",
                "line 19: /components/schemas/Pet/type: must be one of array, boolean, integer, number, object, string.");
    }

    @Test
    void aReferenceToNothingAndUndeclaredPathParametersAreFound() {
        assertThat(describe("""
                openapi: 3.1.0
                info: {title: Pets, version: "1"}
                paths:
                  /pets/{petId}:
                    get:
                      operationId: pet
                      responses:
                        "200":
                          $ref: "#/components/responses/Missing"
                  /owners:
                    get:
                      operationId: pet
                      parameters:
                        - name: q
                          in: body
                          schema: {type: string}
                      responses:
                        default:
                          description: ok
                """)).containsExactly(
                        "line 5: /paths/~1pets~1{petId}/get: the path parameter 'petId' is not declared (add it to parameters with in: path).",
                        "line 9: /paths/~1pets~1{petId}/get/responses/200/$ref: $ref '#/components/responses/Missing' points to nothing in this document.",
                        "line 12: /paths/~1owners/get/operationId: operationId 'pet' is used twice.",
                        "line 15: /paths/~1owners/get/parameters/0/in: must be query, header, path or cookie.");
    }

    @Test
    void syntaxErrorsComeWithTheParsersLine() {
        assertThat(describe("""
                openapi: 3.0.3
                info:
                  title: [unclosed
                  version: "1"
                """)).singleElement().asString().startsWith("line ").contains("Not valid YAML");
        assertThat(describe("""
                {"openapi": "3.0.3",
                 "info": {"title": "x", "version": "1"},
                 "paths": {,}
                }
                """)).singleElement().asString().startsWith("line 3: ").contains("Not valid JSON");
    }

    @Test
    void jsonDocumentsAreCheckedTheSameWay() {
        assertThat(describe("""
                {
                  "openapi": "3.0.3",
                  "info": {"title": "J", "version": "1"},
                  "servers": [{"description": "no url"}],
                  "paths": {"/a": {"get": {"responses": {}}}}
                }
                """)).containsExactly(
                        "line 4: /servers/0: url is required.",
                        "line 5: /paths/~1a/get/responses: must be an object with at least one response.");
    }

    private static List<String> describe(String document) {
        return VALIDATOR.check(document).problems().stream().map(OpenApiProblem::describe).toList();
    }
}
