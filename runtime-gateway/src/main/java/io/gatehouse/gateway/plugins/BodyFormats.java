package io.gatehouse.gateway.plugins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request and response body formats plugins read and edit: JSON objects, URL-encoded forms and
 * multipart forms. Anything that does not parse is reported as absent (null), so callers leave such
 * bodies untouched instead of failing the request.
 */
public final class BodyFormats {

    /** What a {@code Content-Type} says the body is. */
    public enum Kind {
        JSON, FORM, MULTIPART, OTHER;

        public static Kind of(String contentType) {
            if (contentType == null) {
                return OTHER;
            }
            String type = contentType.toLowerCase(Locale.ROOT);
            if (type.contains("application/json")) {
                return JSON;
            }
            if (type.startsWith("application/x-www-form-urlencoded")) {
                return FORM;
            }
            if (type.startsWith("multipart/form-data")) {
                return MULTIPART;
            }
            return OTHER;
        }
    }

    /** One part of a multipart form: its name (null when it has none), raw head and content. */
    public record Part(String name, byte[] head, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BodyFormats() {
    }

    /** The body as a JSON object, or null when it is not one. */
    public static ObjectNode jsonObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    public static byte[] json(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    /** The pairs of a URL-encoded form, in order. */
    public static List<Map.Entry<String, String>> form(byte[] body) {
        return QueryStrings.parse(new String(body, StandardCharsets.UTF_8));
    }

    public static byte[] form(List<Map.Entry<String, String>> pairs) {
        return QueryStrings.format(pairs).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary parameter of a multipart {@code Content-Type}, or null. */
    public static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = p.substring(9).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    /** The parts of a multipart body, or null when it is not well formed. */
    public static List<Part> multipart(byte[] body, String boundary) {
        if (boundary == null) {
            return null;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            return null;
        }
        List<Part> parts = new ArrayList<>();
        int position = at + delimiter.length;
        while (true) {
            if (startsWith(body, position, "--")) {
                return parts;
            }
            if (!startsWith(body, position, "\r\n")) {
                return null;
            }
            int headStart = position + 2;
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart);
            if (headEnd < 0) {
                return null;
            }
            byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int contentStart = headEnd + 4;
            int next = indexOf(body, nextDelimiter, contentStart);
            if (next < 0) {
                return null;
            }
            byte[] head = java.util.Arrays.copyOfRange(body, headStart, headEnd);
            parts.add(new Part(partName(new String(head, StandardCharsets.ISO_8859_1)), head,
                    java.util.Arrays.copyOfRange(body, contentStart, next)));
            position = next + nextDelimiter.length;
        }
    }

    /** A multipart body of {@code parts}. */
    public static byte[] multipart(List<Part> parts, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] delimiter = ("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (Part part : parts) {
            out.writeBytes(delimiter);
            out.writeBytes(part.head());
            out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static String partName(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-disposition:", 0, 20)) {
                for (String parameter : line.substring(20).split(";")) {
                    String p = parameter.trim();
                    if (p.regionMatches(true, 0, "name=", 0, 5)) {
                        String value = p.substring(5);
                        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                                ? value.substring(1, value.length() - 1) : value;
                    }
                }
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        if (at + text.length() > body.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (body[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
