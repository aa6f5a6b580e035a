package io.gatehouse.gateway.plugins;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers over raw query strings ({@code a=1&b=2}), keeping parameter order. */
public final class QueryStrings {

    private QueryStrings() {
    }

    /** The first decoded value of {@code name}, or null. */
    public static String first(String query, String name) {
        for (Map.Entry<String, String> pair : parse(query)) {
            if (pair.getKey().equals(name)) {
                return pair.getValue();
            }
        }
        return null;
    }

    /** The query without any parameter named {@code name}. */
    public static String without(String query, String name) {
        List<Map.Entry<String, String>> kept = new ArrayList<>(parse(query));
        kept.removeIf(pair -> pair.getKey().equals(name));
        return format(kept);
    }

    public static List<Map.Entry<String, String>> parse(String query) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return pairs;
        }
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(Map.entry(decode(key), decode(value)));
        }
        return pairs;
    }

    public static String format(List<Map.Entry<String, String>> pairs) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pair.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pair.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
