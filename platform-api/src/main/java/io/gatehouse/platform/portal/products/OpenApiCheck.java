package io.gatehouse.platform.portal.products;

import java.util.List;

/** The outcome of checking an OpenAPI document: its problems (empty when valid) and its title and version. */
public record OpenApiCheck(List<OpenApiProblem> problems, String title, String version, String format) {

    public boolean valid() {
        return problems.isEmpty();
    }
}
