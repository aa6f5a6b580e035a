package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.gatehouse.gateway.config.ConfigJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever a user uploads, reading never throws: each corrupted copy of the sample file either reads
 * cleanly or comes back with violations (what the API turns into a 400, never a 500).
 */
class HostileInputPropertyTests {

    private static final JsonNode SAMPLE = ConfigJson.yaml().readTree(Resources.text("/kong/kong-basic.yaml"));

    @Property(tries = 500)
    void corruptedFilesNeverThrow(@ForAll("positions") int position, @ForAll("values") JsonNode replacement) {
        JsonNode corrupted = SAMPLE.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(corrupted, slots);
        Slot slot = slots.get(position % slots.size());
        slot.replace(replacement);
        DeclarativeDocument document = DeclarativeReader.read(ConfigJson.json().writeValueAsString(corrupted));
        assertThat(document).isNotNull();
        document.violations().forEach(v -> assertThat(v.message()).isNotBlank());
    }

    @Property(tries = 300)
    void arbitraryTextNeverThrows(@ForAll("texts") String text) {
        assertThat(DeclarativeReader.read(text)).isNotNull();
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]:,-\"'\n #&*!|>%@`~/\\0aZ").ofMaxLength(200));
    }

    @Provide
    Arbitrary<JsonNode> values() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(nodes::stringNode),
                Arbitraries.integers().map(nodes::numberNode), Arbitraries.doubles().map(nodes::numberNode),
                Arbitraries.of(nodes.booleanNode(true), nodes.nullNode(), nodes.arrayNode(), nodes.objectNode(),
                        nodes.numberNode(new java.math.BigInteger("99999999999999999999999")),
                        nodes.stringNode("~/(unclosed"), nodes.stringNode("999999999h"),
                        nodes.arrayNode().add(nodes.nullNode()), nodes.objectNode().put("id", 5),
                        nodes.objectNode().set("name", nodes.arrayNode())));
    }

    /** Every value position in the tree, so one can be replaced. */
    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (String key : new ArrayList<>(object.propertyNames())) {
                slots.add(value -> object.set(key, value));
                collect(object.get(key), slots);
            }
        }
        else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                slots.add(value -> array.set(index, value));
                collect(array.get(i), slots);
            }
        }
    }

    @FunctionalInterface
    private interface Slot {

        void replace(JsonNode value);

    }

}
