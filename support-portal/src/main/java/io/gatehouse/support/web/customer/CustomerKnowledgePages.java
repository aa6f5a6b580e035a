package io.gatehouse.support.web.customer;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.support.kb.Article;
import io.gatehouse.support.kb.ArticleHit;
import io.gatehouse.support.kb.KnowledgeBase;
import io.gatehouse.support.web.Markdown;

/**
 * The knowledge base for an organization's members: search ({@code /orgs/{slug}/support/kb?q=}, a page, or with
 * htmx just the results) and articles. The "file a ticket" form asks the same URL for suggestions while the
 * subject is typed: its subject field sends {@code subject=…}, taken as the query.
 */
@Controller
@RequestMapping("/orgs/{slug}/support/kb")
class CustomerKnowledgePages {

    static final int SUGGESTIONS = 5;
    static final int RESULTS = 20;

    private final KnowledgeBase knowledgeBase;
    private final Markdown markdown;
    private final CurrentCaller callers;

    CustomerKnowledgePages(KnowledgeBase knowledgeBase, Markdown markdown, CurrentCaller callers) {
        this.knowledgeBase = knowledgeBase;
        this.markdown = markdown;
        this.callers = callers;
    }

    /** A search hit with its excerpt split into plain and highlighted parts, so no markup is ever trusted. */
    record Hit(String slug, String title, List<Part> excerpt) {
    }

    record Part(String text, boolean match) {
    }

    @GetMapping
    String search(@PathVariable String slug, @RequestParam(required = false) String q,
            @RequestParam(required = false) String subject, Model model) {
        results(slug, q != null ? q : anyWord(subject), RESULTS, model);
        return "support/customer/kb";
    }

    @HxRequest
    @GetMapping
    String suggestions(@PathVariable String slug, @RequestParam(required = false) String q,
            @RequestParam(required = false) String subject, Model model) {
        results(slug, q != null ? q : anyWord(subject), SUGGESTIONS, model);
        return "support/customer/kb :: hits";
    }

    @GetMapping("/{article}")
    String article(@PathVariable String slug, @PathVariable String article, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        Article found = knowledgeBase.get(article, false);
        model.addAttribute("slug", slug);
        model.addAttribute("article", found);
        model.addAttribute("html", markdown.html(found.body()));
        return "support/customer/article";
    }

    /**
     * A subject line as a search for articles with any of its words: a subject describes a problem in the
     * customer's words, and an article that shares some of them is worth suggesting (those sharing more rank
     * higher). Only letters and digits are kept, so nothing typed is read as search syntax.
     */
    static String anyWord(String subject) {
        if (subject == null) {
            return null;
        }
        return java.util.Arrays.stream(subject.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty())
                .limit(20).collect(java.util.stream.Collectors.joining(" OR "));
    }

    private void results(String slug, String query, int limit, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        String q = query == null ? "" : query.strip();
        // Very long input is cut: what a subject line needs is its first words.
        if (q.length() > 200) {
            q = q.substring(0, 200);
        }
        model.addAttribute("slug", slug);
        model.addAttribute("q", q);
        model.addAttribute("hits", knowledgeBase.search(q, limit).stream().map(CustomerKnowledgePages::hit).toList());
    }

    /** ts_headline marks matches with {@code **}; everything else is plain text. */
    static Hit hit(ArticleHit hit) {
        List<Part> parts = new ArrayList<>();
        String[] pieces = (hit.excerpt() == null ? "" : hit.excerpt()).split("\\*\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (!pieces[i].isEmpty()) {
                parts.add(new Part(pieces[i], i % 2 == 1));
            }
        }
        return new Hit(hit.slug(), hit.title(), parts);
    }
}
