package io.gatehouse.support.web;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.stereotype.Component;

/**
 * Renders knowledge-base markdown to HTML that is safe to put in a page: raw HTML in the source is
 * escaped (shown as text, never interpreted), and link and image URLs go through commonmark's URL sanitizer
 * (a {@code javascript:} link becomes harmless). The page may then insert the result unescaped.
 */
@Component("markdown")
public class Markdown {

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    /** The HTML of a markdown text. */
    public String html(String markdown) {
        return markdown == null ? "" : renderer.render(parser.parse(markdown));
    }
}
