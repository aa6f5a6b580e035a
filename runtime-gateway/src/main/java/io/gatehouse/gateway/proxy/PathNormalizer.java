package io.gatehouse.gateway.proxy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalizes request paths before routing and forwarding (RFC 3986 §6.2.2): percent-encoded unreserved
 * characters are decoded ({@code %2e} → {@code .}), hex digits of the remaining escapes upper-cased, and
 * dot segments removed. Routing on the raw path would let {@code /public/../admin} match a
 * {@code /public} route and reach {@code /admin} upstream once the upstream normalizes it.
 */
final class PathNormalizer {

    private PathNormalizer() {
    }

    /** The normalized path, or null when it is not a valid path (a bad escape). */
    static String normalize(String path) {
        String decoded = decodeUnreserved(path);
        if (decoded == null) {
            return null;
        }
        if (decoded.indexOf("/.") < 0) {
            return decoded;
        }
        return removeDotSegments(decoded);
    }

    private static String decodeUnreserved(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= path.length()) {
                return null;
            }
            int hi = Character.digit(path.charAt(i + 1), 16);
            int lo = Character.digit(path.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            char decoded = (char) (hi * 16 + lo);
            if (Character.isLetterOrDigit(decoded) && decoded < 128 || decoded == '-' || decoded == '.' || decoded == '_'
                    || decoded == '~') {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
                        .append(Character.toUpperCase(path.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    private static String removeDotSegments(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    kept.addLast("");
                }
            } else if (segment.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.removeLast();
                }
                if (last) {
                    kept.addLast("");
                }
            } else {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }
}
