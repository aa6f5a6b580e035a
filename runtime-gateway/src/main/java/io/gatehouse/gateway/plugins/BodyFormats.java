package io.gatehouse.gateway.plugins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * One part of a multipart form: its name (null when it has none), raw head (the header lines, without the
     * blank line that ends them) and content, both exactly as received.
     */
    public record Part(String name, byte[] head, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        /** True for a file upload: its {@code Content-Disposition} has a {@code filename} parameter. */
        public boolean isFile() {
            Disposition disposition = Disposition.of(head);
            return disposition != null && disposition.hasFilename();
        }

        /** This part under another name: only the {@code name} parameter of its head changes. */
        public Part renamed(String newName) {
            Disposition disposition = Disposition.of(head);
            if (disposition == null || disposition.nameStart() < 0) {
                return this;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String changed = text.substring(0, disposition.nameStart()) + "name=\"" + quoted(newName) + "\""
                    + text.substring(disposition.nameEnd());
            return new Part(newName, changed.getBytes(StandardCharsets.ISO_8859_1), content);
        }

        /** This part with other content (a field's new value); the head is kept. */
        public Part withContent(byte[] newContent) {
            return new Part(name, head, newContent);
        }

        /** A text field, as browsers send one. */
        public static Part field(String name, String value) {
            String head = "Content-Disposition: form-data; name=\"" + quoted(name) + "\"";
            return new Part(name, head.getBytes(StandardCharsets.ISO_8859_1), value.getBytes(StandardCharsets.UTF_8));
        }

        /** A name inside a quoted parameter: UTF-8 bytes, with quote, CR and LF percent-encoded (HTML's rule). */
        private static String quoted(String name) {
            String escaped = name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
            return new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The {@code Content-Disposition} line of a part's head: the value of its {@code name} parameter, where that
     * parameter is in the head (offsets into the head read as ISO-8859-1; -1 when absent), and whether a
     * {@code filename} is given. Parameters are separated by {@code ;} outside quoted strings.
     */
    private record Disposition(String name, int nameStart, int nameEnd, boolean hasFilename) {

        static Disposition of(byte[] head) {
            String text = new String(head, StandardCharsets.ISO_8859_1);
            int lineStart = 0;
            while (lineStart <= text.length()) {
                int lineEnd = text.indexOf("\r\n", lineStart);
                if (lineEnd < 0) {
                    lineEnd = text.length();
                }
                if (text.regionMatches(true, lineStart, "content-disposition:", 0, 20)) {
                    return parameters(text, lineStart + 20, lineEnd);
                }
                lineStart = lineEnd + 2;
            }
            return null;
        }

        private static Disposition parameters(String text, int from, int to) {
            String name = null;
            int nameStart = -1;
            int nameEnd = -1;
            boolean filename = false;
            int i = text.indexOf(';', from);
            while (i >= 0 && i < to) {
                int start = i + 1;
                while (start < to && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
                    start++;
                }
                int equals = text.indexOf('=', start);
                if (equals < 0 || equals >= to) {
                    break;
                }
                int semicolon = text.indexOf(';', start);
                if (semicolon >= 0 && semicolon < equals) {
                    i = semicolon;
                    continue;
                }
                String key = text.substring(start, equals).trim().toLowerCase(Locale.ROOT);
                int end = equals + 1;
                String value;
                if (end < to && text.charAt(end) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    end++;
                    while (end < to && text.charAt(end) != '"') {
                        if (text.charAt(end) == '\\' && end + 1 < to) {
                            end++;
                        }
                        quoted.append(text.charAt(end++));
                    }
                    end = Math.min(end + 1, to);
                    value = quoted.toString();
                } else {
                    while (end < to && text.charAt(end) != ';') {
                        end++;
                    }
                    value = text.substring(equals + 1, end).trim();
                }
                if (key.equals("name")) {
                    name = new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    nameStart = start;
                    nameEnd = end;
                } else if (key.equals("filename") || key.equals("filename*")) {
                    filename = true;
                }
                i = text.indexOf(';', end);
            }
            return new Disposition(name, nameStart, nameEnd, filename);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

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

    /**
     * The boundary parameter of a multipart {@code Content-Type}, or null when there is none or it is not a valid
     * boundary (1 to 70 of RFC 2046's characters, not ending in a space).
     */
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
                return validBoundary(value) ? value : null;
            }
        }
        return null;
    }

    private static boolean validBoundary(String value) {
        if (value.isEmpty() || value.length() > 70 || value.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * The parts of a multipart body, or null when it is not well formed: no opening or closing delimiter, a
     * delimiter line followed by something else than optional padding and CRLF, or a part without the blank line
     * that ends its head. A preamble before the first delimiter and an epilogue after the last one are skipped.
     */
    public static List<Part> multipart(byte[] body, String boundary) {
        if (boundary == null) {
            return null;
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position;
        if (startsWith(body, 0, delimiter, 2)) {
            position = delimiter.length - 2;
        } else {
            int at = indexOf(body, delimiter, 0);
            if (at < 0) {
                return null;
            }
            position = at + delimiter.length;
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, position, "--")) {
                return parts;
            }
            while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
                position++;
            }
            if (!startsWith(body, position, "\r\n")) {
                return null;
            }
            int headStart = position + 2;
            int headEnd;
            int contentStart;
            if (startsWith(body, headStart, "\r\n")) {
                headEnd = headStart;
                contentStart = headStart + 2;
            } else {
                headEnd = indexOf(body, HEAD_END, headStart);
                if (headEnd < 0 || !headerLines(body, headStart, headEnd, delimiter)) {
                    return null;
                }
                contentStart = headEnd + 4;
            }
            int next = indexOf(body, delimiter, contentStart - 2);
            if (next < 0) {
                return null;
            }
            if (next < contentStart) {
                // the delimiter right after the head: empty content ("...\r\n\r\n--b")
                next = contentStart - 2;
                byte[] head = Arrays.copyOfRange(body, headStart, headEnd);
                parts.add(new Part(partName(head), head, new byte[0]));
                position = next + delimiter.length;
                continue;
            }
            byte[] head = Arrays.copyOfRange(body, headStart, headEnd);
            parts.add(new Part(partName(head), head, Arrays.copyOfRange(body, contentStart, next)));
            position = next + delimiter.length;
        }
    }

    /** A multipart body of {@code parts}. */
    public static byte[] multipart(List<Part> parts, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] delimiter = ("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (Part part : parts) {
            out.writeBytes(delimiter);
            out.writeBytes(part.head());
            out.writeBytes(part.head().length == 0 ? CRLF : HEAD_END);
            out.writeBytes(part.content());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** True when every line of a part's head is a header ({@code name:}) and none is a delimiter. */
    private static boolean headerLines(byte[] body, int from, int to, byte[] delimiter) {
        int lineStart = from;
        while (lineStart < to) {
            int lineEnd = lineStart;
            boolean colon = false;
            while (lineEnd < to && !(body[lineEnd] == '\r' && lineEnd + 1 < body.length && body[lineEnd + 1] == '\n')) {
                colon |= body[lineEnd] == ':';
                lineEnd++;
            }
            if (!colon || startsWith(body, lineStart, delimiter, 2)) {
                return false;
            }
            lineStart = lineEnd + 2;
        }
        return true;
    }

    /** True when {@code content} holds the delimiter of {@code boundary}, so it cannot be a part's content. */
    public static boolean containsDelimiter(byte[] content, String boundary) {
        return indexOf(content, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), 0) >= 0
                || startsWith(content, 0, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    private static String partName(byte[] head) {
        Disposition disposition = Disposition.of(head);
        return disposition == null ? null : disposition.name();
    }

    private static boolean startsWith(byte[] body, int at, byte[] needle, int needleFrom) {
        if (at < 0 || at + needle.length - needleFrom > body.length) {
            return false;
        }
        for (int i = needleFrom; i < needle.length; i++) {
            if (body[at + i - needleFrom] != needle[i]) {
                return false;
            }
        }
        return true;
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
