package io.gatehouse.platform.portal.products;

/** A new access plan; {@code rateLimitPerMinute} null means unlimited. */
public record PlanDraft(String name, String description, PlanAuth auth, Approval approval, Integer rateLimitPerMinute) {
}
