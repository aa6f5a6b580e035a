package io.gatehouse.support.kb;

/** What staff write: a URL slug, a title, a markdown body, optionally the product it is about. */
public record ArticleDraft(String slug, String title, String body, String product, Boolean published) {
}
