package io.gatehouse.gateway.config.validation;

import java.util.List;
import java.util.regex.Pattern;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.schema.Checks;

/** Field syntax rules shared by the entity rules. */
final class Syntax {

    static final long MAX_TIMEOUT_MS = Integer.MAX_VALUE;

    private static final Pattern IPV4 = Pattern
        .compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern TAG = Pattern.compile("[\\x21-\\x2B\\x2D\\x2E\\x30-\\x7E]+");

    private Syntax() {
    }

    static void id(String id, String path, Violations violations) {
        if (id != null && !isUuid(id)) {
            violations.add(Violations.at(path, "id"), ConfigMessages.INVALID_UUID);
        }
    }

    /** The canonical 8-4-4-4-12 hex form, either case (a char loop: a config of 100,000 entities checks 100,000). */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** Kong's name rule for services, routes, upstream-less names, consumer groups, plugin instances. */
    static void name(String name, String path, Violations violations) {
        if (name != null && !isName(name)) {
            violations.add(path, ConfigMessages.INVALID_NAME);
        }
    }

    static void tags(List<String> tags, String path, Violations violations) {
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null) {
                violations.add(Violations.at(Violations.at(path, "tags"), i), ConfigMessages.NULL_ELEMENT);
            }
            else if (!TAG.matcher(tag).matches()) {
                violations.add(Violations.at(Violations.at(path, "tags"), i), ConfigMessages.INVALID_VALUE,
                        "tags are printable ASCII without spaces, commas or slashes");
            }
        }
    }

    /** A DNS host name, an IPv4 address, or an IPv6 address (bare or in brackets). */
    static boolean isHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return Checks.isIpv6(host.substring(1, host.length() - 1));
        }
        if ((Character.isDigit(host.charAt(0)) && IPV4.matcher(host).matches())
                || (host.indexOf(':') >= 0 && Checks.isIpv6(host))) {
            return true;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        int start = 0;
        while (start <= name.length()) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isLabel(name, start, end)) {
                return false;
            }
            start = end + 1;
        }
        return !name.isEmpty();
    }

    /** Kong's utf8_name: ASCII letters, digits and . _ ~ -, plus any non-ASCII character; not empty. */
    private static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 0x80 || isAsciiAlphanumeric(c) || c == '.' || c == '_' || c == '~' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A DNS label: 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit. */
    private static boolean isLabel(String text, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 63 || !isAsciiAlphanumeric(text.charAt(start))
                || !isAsciiAlphanumeric(text.charAt(end - 1))) {
            return false;
        }
        for (int i = start + 1; i < end - 1; i++) {
            char c = text.charAt(i);
            if (!isAsciiAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * A route host: a host name with at most one {@code *} that stands for a whole leading or trailing
     * label ({@code *.example.com}, {@code example.*}), optionally followed by {@code :port}.
     */
    static boolean isHostPattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return false;
        }
        String host = pattern;
        int colon = pattern.startsWith("[") ? pattern.indexOf("]:") + 1 : pattern.lastIndexOf(':');
        boolean hasPort = pattern.startsWith("[") ? colon > 0 : colon > 0 && pattern.indexOf(':') == colon;
        if (hasPort) {
            String port = pattern.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                return false;
            }
            host = pattern.substring(0, colon);
        }
        int stars = host.length() - host.replace("*", "").length();
        if (stars == 0) {
            return isHost(host);
        }
        if (stars > 1) {
            return false;
        }
        if (host.startsWith("*.")) {
            return isHost(host.substring(2));
        }
        if (host.endsWith(".*")) {
            return isHost(host.substring(0, host.length() - 2));
        }
        return false;
    }

    /** A TLS server name: a host name or {@code *.example.com}; never an IP address. */
    static boolean isSni(String sni) {
        if (sni == null || IPV4.matcher(sni).matches() || sni.contains(":")) {
            return false;
        }
        return sni.startsWith("*.") ? isHost(sni.substring(2)) : !sni.contains("*") && isHost(sni);
    }

    static void timeout(Integer millis, String path, Violations violations) {
        if (millis != null && (millis < 1 || millis > MAX_TIMEOUT_MS)) {
            violations.add(path, ConfigMessages.INVALID_TIMEOUT);
        }
    }

    static void port(Integer port, String path, Violations violations) {
        if (port != null && (port < 0 || port > 65535)) {
            violations.add(path, ConfigMessages.INVALID_PORT);
        }
    }

    static void range(Number value, long min, long max, String path, Violations violations) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            violations.add(path, ConfigMessages.OUT_OF_RANGE, min, max);
        }
    }

    static void required(Object value, String path, Violations violations) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            violations.add(path, ConfigMessages.REQUIRED);
        }
    }

}
