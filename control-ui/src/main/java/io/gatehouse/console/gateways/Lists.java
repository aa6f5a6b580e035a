package io.gatehouse.console.gateways;

import java.util.Arrays;
import java.util.List;

/** How the gateway forms read lists typed into one text field: comma-separated, blanks ignored. */
final class Lists {

    private Lists() {
    }

    static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    static String join(Iterable<?> values) {
        StringBuilder joined = new StringBuilder();
        for (Object value : values) {
            if (!joined.isEmpty()) {
                joined.append(", ");
            }
            joined.append(value);
        }
        return joined.toString();
    }
}
