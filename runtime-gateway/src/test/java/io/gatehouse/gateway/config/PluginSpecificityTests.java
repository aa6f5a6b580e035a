package io.gatehouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PluginSpecificityTests {

    private static final EntityRef S = EntityRef.ofName("s");
    private static final EntityRef R = EntityRef.ofName("r");
    private static final EntityRef C = EntityRef.ofName("c");
    private static final EntityRef G = EntityRef.ofName("g");

    private static PluginDefinition scoped(String label, EntityRef service, EntityRef route, EntityRef consumer,
            EntityRef group) {
        return PluginDefinition.global("cors", Map.of()).withScope(service, route, consumer, group).withId(label);
    }

    @Test
    void mostSpecificFirstInKongsOrder() {
        List<PluginDefinition> all = List.of(scoped("global", null, null, null, null), scoped("s", S, null, null, null),
                scoped("r", null, R, null, null), scoped("g", null, null, null, G), scoped("c", null, null, C, null),
                scoped("r+s", S, R, null, null), scoped("g+s", S, null, null, G), scoped("g+r", null, R, null, G),
                scoped("c+s", S, null, C, null), scoped("c+r", null, R, C, null), scoped("g+r+s", S, R, null, G),
                scoped("c+r+s", S, R, C, null));
        assertThat(all.stream().sorted(Comparator.comparingInt(PluginDefinition::specificity).reversed()))
            .extracting(PluginDefinition::id)
            .containsExactly("c+r+s", "g+r+s", "c+r", "c+s", "g+r", "g+s", "r+s", "c", "g", "r", "s", "global");
    }

    @Test
    void consumerOutranksAGroupBesideIt() {
        assertThat(scoped("x", null, null, C, G).specificity()).isEqualTo(scoped("y", null, null, C, null).specificity());
    }

}
