package io.gatehouse.gateway.plugins;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kong's transformer operations on the fields of a multipart form, in Kong's order: remove (every part of that
 * name, files included), rename (every part of that name; only the {@code name} parameter of its head changes),
 * replace (the value of the text fields of that name; file parts are never altered), add (a text field, only when
 * no part has that name), append (a text field, always). Pairs are written {@code name:value}. Parts are kept in
 * order and byte for byte unless an edit is about them.
 */
public final class MultipartEdits {

    /** The edited parts, and whether any edit changed something. */
    public record Result(List<BodyFormats.Part> parts, boolean changed) {
    }

    private MultipartEdits() {
    }

    public static Result apply(List<BodyFormats.Part> original, List<String> remove, List<String> rename,
            List<String> replace, List<String> add, List<String> append) {
        List<BodyFormats.Part> parts = new ArrayList<>(original);
        boolean changed = false;
        for (String name : nullSafe(remove)) {
            changed |= parts.removeIf(p -> name.equals(p.name()));
        }
        for (String pair : nullSafe(rename)) {
            String[] p = HeaderEdits.split(pair);
            for (int i = 0; i < parts.size(); i++) {
                if (p[0].equals(parts.get(i).name())) {
                    parts.set(i, parts.get(i).renamed(p[1]));
                    changed = true;
                }
            }
        }
        for (String pair : nullSafe(replace)) {
            String[] p = HeaderEdits.split(pair);
            for (int i = 0; i < parts.size(); i++) {
                BodyFormats.Part part = parts.get(i);
                if (p[0].equals(part.name()) && !part.isFile()) {
                    parts.set(i, part.withContent(p[1].getBytes(StandardCharsets.UTF_8)));
                    changed = true;
                }
            }
        }
        for (String pair : nullSafe(add)) {
            String[] p = HeaderEdits.split(pair);
            if (parts.stream().noneMatch(part -> p[0].equals(part.name()))) {
                parts.add(BodyFormats.Part.field(p[0], p[1]));
                changed = true;
            }
        }
        for (String pair : nullSafe(append)) {
            String[] p = HeaderEdits.split(pair);
            parts.add(BodyFormats.Part.field(p[0], p[1]));
            changed = true;
        }
        return new Result(parts, changed);
    }

    private static List<String> nullSafe(List<String> values) {
        return values == null ? List.of() : values;
    }
}
