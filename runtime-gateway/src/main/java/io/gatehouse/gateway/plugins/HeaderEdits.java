package io.gatehouse.gateway.plugins;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kong's transformer operations on headers and query parameters, in Kong's order: remove, rename,
 * replace (only what is present), add (only what is absent), append (always). Pairs are written
 * {@code name:value} (renames {@code old:new}).
 */
public final class HeaderEdits {

    private HeaderEdits() {
    }

    public static void apply(HttpHeaders headers, List<String> remove, List<String> rename, List<String> replace,
            List<String> add, List<String> append) {
        nullSafe(remove).forEach(headers::remove);
        for (String pair : nullSafe(rename)) {
            String[] p = split(pair);
            List<String> values = headers.getAll(p[0]);
            if (!values.isEmpty()) {
                headers.remove(p[0]);
                headers.set(p[1], values);
            }
        }
        for (String pair : nullSafe(replace)) {
            String[] p = split(pair);
            if (headers.contains(p[0])) {
                headers.set(p[0], p[1]);
            }
        }
        for (String pair : nullSafe(add)) {
            String[] p = split(pair);
            if (!headers.contains(p[0])) {
                headers.set(p[0], p[1]);
            }
        }
        for (String pair : nullSafe(append)) {
            String[] p = split(pair);
            headers.add(p[0], p[1]);
        }
    }

    /** The same operations on a raw query string. */
    public static String applyToQuery(String query, List<String> remove, List<String> rename, List<String> replace,
            List<String> add, List<String> append) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(QueryStrings.parse(query));
        for (String name : nullSafe(remove)) {
            pairs.removeIf(e -> e.getKey().equals(name));
        }
        for (String pair : nullSafe(rename)) {
            String[] p = split(pair);
            pairs.replaceAll(e -> e.getKey().equals(p[0]) ? Map.entry(p[1], e.getValue()) : e);
        }
        for (String pair : nullSafe(replace)) {
            String[] p = split(pair);
            pairs.replaceAll(e -> e.getKey().equals(p[0]) ? Map.entry(p[0], p[1]) : e);
        }
        for (String pair : nullSafe(add)) {
            String[] p = split(pair);
            if (pairs.stream().noneMatch(e -> e.getKey().equals(p[0]))) {
                pairs.add(Map.entry(p[0], p[1]));
            }
        }
        for (String pair : nullSafe(append)) {
            String[] p = split(pair);
            pairs.add(Map.entry(p[0], p[1]));
        }
        return QueryStrings.format(pairs);
    }

    /** A {@code name:value} pair (a rename's {@code old:new}); without a colon the value is empty. */
    static String[] split(String pair) {
        int colon = pair.indexOf(':');
        return colon < 0 ? new String[] {pair, ""} : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    }

    private static List<String> nullSafe(List<String> values) {
        return values == null ? List.of() : values;
    }
}
