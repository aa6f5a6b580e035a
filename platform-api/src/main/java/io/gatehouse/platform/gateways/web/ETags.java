package io.gatehouse.platform.gateways.web;

import io.gatehouse.platform.shared.errors.PreconditionFailedException;

/** Strong entity tags from an entity's version, and the version an {@code If-Match} header asks for. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version {@code If-Match} expects, or {@code null} when the header is absent or {@code *}. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new PreconditionFailedException("If-Match '" + ifMatch + "' is not an entity tag of this resource.");
        }
    }
}
