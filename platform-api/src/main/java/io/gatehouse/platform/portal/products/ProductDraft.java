package io.gatehouse.platform.portal.products;

/** What a product is created or replaced with: a URL slug (lowercase letters, digits, dashes), a name, a description. */
public record ProductDraft(String slug, String name, String description) {
}
