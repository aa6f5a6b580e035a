package io.gatehouse.platform.portal.apps;

/** An application's name (unique per developer, case-insensitively) and description. */
public record ApplicationDraft(String name, String description) {
}
