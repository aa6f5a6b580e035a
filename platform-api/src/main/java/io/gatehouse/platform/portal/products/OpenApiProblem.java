package io.gatehouse.platform.portal.products;

/**
 * A problem in an OpenAPI document.
 *
 * @param line    the 1-based line in the document (0 when it is about the document as a whole)
 * @param pointer the JSON pointer of the offending node ({@code /paths/~1pets/get}), empty for the root
 * @param message what is wrong, in words
 */
public record OpenApiProblem(int line, String pointer, String message) {

    /** {@code line 12: /paths/~1pets/get: responses is required}. */
    public String describe() {
        return (line > 0 ? "line " + line + ": " : "") + (pointer.isEmpty() ? "" : pointer + ": ") + message;
    }
}
