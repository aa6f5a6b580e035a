package io.gatehouse.platform.portal.products;

/** A docs page as written in the console: slug (lowercase letters, digits, dashes), title, markdown, position. */
public record DocPageDraft(String slug, String title, String markdown, Integer position) {
}
