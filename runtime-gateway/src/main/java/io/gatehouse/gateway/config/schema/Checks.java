package io.gatehouse.gateway.config.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Value checks shared by plugin schemas. Each returns a message, or null when the value is fine. */
public final class Checks {

    public static final String NOT_A_HEADER_NAME = "must be a valid header name";
    public static final String NOT_A_CIDR = "must be an IPv4 or IPv6 address or CIDR block";
    public static final String NOT_NAME_VALUE = "must be written name:value";
    public static final String NOT_AN_HTTP_URL = "must be an absolute http or https URL";
    public static final String NOT_A_REGEX = "not a valid regular expression";
    public static final String NOT_A_CLAIM_MAPPING = "must be written claim:Header-Name";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern IPV4 = Pattern
        .compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** An HTTP header (or query parameter) name: an RFC 9110 token. */
    public static final ValueCheck HEADER_NAME = value -> isToken((String) value) ? null : NOT_A_HEADER_NAME;

    /** An IPv4 or IPv6 address, optionally with a /prefix length. */
    public static final ValueCheck CIDR = value -> isCidr((String) value) ? null : NOT_A_CIDR;

    /** {@code name:value} with a header-name token before the first colon. */
    public static final ValueCheck NAME_VALUE = value -> {
        String text = (String) value;
        int colon = text.indexOf(':');
        return colon > 0 && isToken(text.substring(0, colon)) ? null : NOT_NAME_VALUE;
    };

    /** {@code claim:Header-Name}. */
    public static final ValueCheck CLAIM_MAPPING = value -> {
        String text = (String) value;
        int colon = text.indexOf(':');
        return colon > 0 && colon < text.length() - 1 && isToken(text.substring(colon + 1)) ? null
                : NOT_A_CLAIM_MAPPING;
    };

    /** An absolute http(s) URL with a host. */
    public static final ValueCheck HTTP_URL = value -> isHttpUrl((String) value) ? null : NOT_AN_HTTP_URL;

    /** A Java regular expression. */
    public static final ValueCheck REGEX = value -> {
        try {
            Pattern.compile((String) value);
            return null;
        }
        catch (PatternSyntaxException ex) {
            return NOT_A_REGEX + ": " + ex.getDescription();
        }
    };

    private Checks() {
    }

    /** True for an RFC 9110 token. */
    public static boolean isToken(String text) {
        return text != null && TOKEN.matcher(text).matches();
    }

    /** True for an IPv4/IPv6 address or CIDR block with a prefix length in range. */
    public static boolean isCidr(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && isIpv6(address);
        if (!v4 && !v6) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) {
            return false;
        }
        int bits = Integer.parseInt(prefix);
        return bits <= (v4 ? 32 : 128);
    }

    /** True for an IPv6 address in any of its textual forms (RFC 4291 section 2.2). */
    public static boolean isIpv6(String text) {
        if (text == null || !text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = text.split(":", -1);
        int words = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                continue;
            }
            if (group.contains(".")) {
                if (i != groups.length - 1 || !IPV4.matcher(group).matches()) {
                    return false;
                }
                words += 2;
            }
            else if (group.length() > 4) {
                return false;
            }
            else {
                words++;
            }
        }
        if (doubleColon < 0) {
            return words == 8 && !text.startsWith(":") && !text.endsWith(":");
        }
        boolean badStart = text.startsWith(":") && !text.startsWith("::");
        boolean badEnd = text.endsWith(":") && !text.endsWith("::");
        return words <= 7 && !badStart && !badEnd;
    }

    /** True for an absolute http or https URL with a host. */
    public static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

}
