package io.gatehouse.support.kb;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;

/** Knowledge base: search and read for every signed-in caller; staff write. */
@ApiController
class KnowledgeBaseController {

    private final KnowledgeBase knowledgeBase;
    private final CurrentCaller callers;

    KnowledgeBaseController(KnowledgeBase knowledgeBase, CurrentCaller callers) {
        this.knowledgeBase = knowledgeBase;
        this.callers = callers;
    }

    @GetMapping("/api/v1/support/kb")
    List<ArticleHit> search(@RequestParam String q, @RequestParam(defaultValue = "10") int limit) {
        callers.get();
        return knowledgeBase.search(q, limit);
    }

    @GetMapping("/api/v1/support/kb/{slug}")
    Article get(@PathVariable String slug) {
        return knowledgeBase.get(slug, callers.get().platformRole() != null);
    }

    @PutMapping("/api/v1/support/staff/kb/{slug}")
    Article save(@PathVariable String slug, @RequestBody ArticleDraft draft) {
        callers.requirePlatformRole(PlatformRole.SUPPORT_ENGINEER, PlatformRole.PLATFORM_ADMIN);
        if (draft.slug() != null && !draft.slug().equals(slug)) {
            throw InvalidInputException.field("slug", "The slug in the body differs from the one in the path.");
        }
        return knowledgeBase.save(new ArticleDraft(slug, draft.title(), draft.body(), draft.product(), draft.published()));
    }
}
