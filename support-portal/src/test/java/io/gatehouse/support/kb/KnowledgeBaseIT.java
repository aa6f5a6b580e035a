package io.gatehouse.support.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.support.SupportFixtures;

@SpringBootTest
class KnowledgeBaseIT {

    @Autowired
    KnowledgeBase knowledgeBase;

    @Test
    void fullTextSearchRanksTitleMatchesFirstAndStemsWords() {
        String word = "zq" + SupportFixtures.suffix().replaceAll("[0-9]", "x");
        knowledgeBase.save(new ArticleDraft("body-" + word, "Upgrading the data plane", "When upgrading, " + word
                + " certificates must be rotated before the gateways restart.", null, true));
        knowledgeBase.save(new ArticleDraft("title-" + word, "Rotating " + word + " certificates", "Steps to rotate them.", null, true));
        knowledgeBase.save(new ArticleDraft("draft-" + word, "Unpublished " + word, "Draft.", null, false));

        assertThat(knowledgeBase.search(word + " certificate", 10)).extracting(ArticleHit::slug)
                .containsExactly("title-" + word, "body-" + word);
        assertThat(knowledgeBase.search(word, 10).get(1).excerpt()).contains("**");
        assertThatThrownBy(() -> knowledgeBase.get("draft-" + word, false)).isInstanceOf(NotFoundException.class);
        assertThat(knowledgeBase.get("draft-" + word, true).published()).isFalse();
    }

    @Test
    void badArticlesAreRejectedByField() {
        assertThatThrownBy(() -> knowledgeBase.save(new ArticleDraft("Bad Slug", "", "", null, true)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("slug", "title", "body"));
    }
}
