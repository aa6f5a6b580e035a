package io.gatehouse.platform.organizations;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** URL-safe organization slugs: lower-case letters, digits and single dashes, 2 to 63 characters. */
public final class Slugs {

    public static final Pattern VALID = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");
    public static final String RULE = "must be 2-63 lower-case letters, digits or dashes, not starting or ending with a dash";

    private Slugs() {
    }

    public static boolean isValid(String slug) {
        return slug != null && slug.length() >= 2 && VALID.matcher(slug).matches();
    }

    /** A slug suggested from a display name ("Acme Corp." becomes "acme-corp"). */
    public static String suggest(String name) {
        String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 63) {
            slug = slug.substring(0, 63).replaceAll("-+$", "");
        }
        return slug.length() < 2 ? "org-" + slug : slug;
    }
}
