package io.gatehouse.support.kb;

/** A search result: the article's address, title, a highlighted excerpt and the rank. */
public record ArticleHit(String slug, String title, String excerpt, double rank) {
}
