package io.gatehouse.platform.testsupport;

/** OpenAPI documents the API-product tests upload (here and, through the test-jar, in the console's tests). */
public final class OpenApiDocs {

    /** The smallest valid document with one operation, {@code GET /pets/{petId}}. */
    public static final String PETSTORE = """
            openapi: 3.0.3
            info:
              title: Pets
              version: "1.0"
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
            """;

    private OpenApiDocs() {
    }
}
