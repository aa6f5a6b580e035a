package io.gatehouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical JSON that {@link ConfigHash} digests is written without a Jackson generator per string; it must stay
 * byte for byte what the definition (docs/SYNC_PROTOCOL.md) and the first implementation, which wrote every string
 * and scalar with Jackson, produce.
 */
class ConfigHashCanonicalTests {

    @Property(tries = 500)
    void canonicalJsonIsWhatJacksonWritesForEveryString(@ForAll("documents") JsonNode document) {
        assertThat(ConfigHash.canonicalJson(document)).isEqualTo(reference(document));
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(12)
            .edgeCases(edges -> edges.add("a\"b", "\\", "/r/1", "\u0001\u001f\n\t", "é😀\u2028\u007f"));
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(text.map(JsonNodeFactory.instance::textNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.integers().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
                Arbitraries.just(JsonNodeFactory.instance.nullNode()),
                Arbitraries.bigDecimals().ofScale(3).map(JsonNodeFactory.instance::numberNode));
        return Arbitraries.maps(text, scalar).ofMaxSize(6).map(members -> {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            members.forEach(object::set);
            object.putArray("list").addAll(new ArrayList<>(members.values()));
            return object;
        });
    }

    /** The canonical form as first implemented: every member name and scalar written by Jackson. */
    private static String reference(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            members.sort(Map.Entry.comparingByKey());
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < members.size(); i++) {
                out.append(i > 0 ? "," : "").append(JsonNodeFactory.instance.textNode(members.get(i).getKey()))
                    .append(':').append(reference(members.get(i).getValue()));
            }
            return out.append('}').toString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(reference(item)));
            return "[" + String.join(",", items) + "]";
        }
        if (node.isNumber() && !node.isIntegralNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return value.scale() <= 0 ? value.toBigIntegerExact().toString() : value.toPlainString();
        }
        return node.toString();
    }
}
