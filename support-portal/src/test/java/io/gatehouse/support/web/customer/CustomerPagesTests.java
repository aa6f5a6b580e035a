package io.gatehouse.support.web.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

import io.gatehouse.support.kb.ArticleHit;

/** The small decisions of the customer pages: what a subject searches for, how excerpts and uploads are read. */
class CustomerPagesTests {

    @Test
    void aSubjectSearchesForArticlesWithAnyOfItsWordsAndNoSearchSyntax() {
        assertThat(CustomerKnowledgePages.anyWord("Gateway returns 502 -on \"POST\"")).isEqualTo("Gateway OR returns OR 502 OR on OR POST");
        assertThat(CustomerKnowledgePages.anyWord("  ")).isEmpty();
        assertThat(CustomerKnowledgePages.anyWord(null)).isNull();
    }

    @Test
    void anExcerptIsSplitIntoPlainAndHighlightedTextWithoutTrustingMarkup() {
        CustomerKnowledgePages.Hit hit = CustomerKnowledgePages.hit(new ArticleHit("a", "A",
                "When the **proxy** resets <b>often</b>", 0.5));
        assertThat(hit.excerpt()).containsExactly(new CustomerKnowledgePages.Part("When the ", false),
                new CustomerKnowledgePages.Part("proxy", true), new CustomerKnowledgePages.Part(" resets <b>often</b>", false));
    }

    @Test
    void aFileTheBrowserCouldNotTypeIsTypedByItsNameAndOthersKeepTheirType() {
        byte[] text = "line\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Uploads.contentType(new MockMultipartFile("files", "gateway.LOG", "application/octet-stream", text)))
                .isEqualTo("text/plain");
        assertThat(Uploads.contentType(new MockMultipartFile("files", "kong.yml", "", text))).isEqualTo("application/yaml");
        assertThat(Uploads.contentType(new MockMultipartFile("files", "run.exe", "application/octet-stream", text)))
                .isEqualTo("application/octet-stream");
        assertThat(Uploads.contentType(new MockMultipartFile("files", "shot.png", "image/png", text))).isEqualTo("image/png");
        assertThat(Uploads.filename(new MockMultipartFile("files", "C:\\logs\\gateway.log", "text/plain", text)))
                .isEqualTo("gateway.log");
    }
}
